// The weekly digest in the local cloud: accounts made through the admin API, their answers, survey
// requests and commitments written through the store, the digest handler run as the scheduler would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, RiskLevel } from '#domain/model.ts';
import { createDocumentClient, repositories } from '#adapters/dynamo/index.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { accountJson } from '../support/fixtures.ts';
import { api, clearInbox, inbox, startTestCloud, type StoredEmail } from '../support/cloud.ts';

// Monday 2027-01-04, 07:00 in Chicago, the local deployment's timezone.
const MONDAY = '2027-01-04T13:00:00Z';
const T = Date.parse(MONDAY);
const DAY = 86_400_000;

type Handler = (event: unknown, context: unknown) => Promise<{ sent: string[]; skipped: string[] }>;

const dana = { name: 'Dana Reyes', email: 'dana@sparkle.example' };
const luis = { name: 'Luis Ortega', email: 'luis@sparkle.example' };
const ellis = { name: 'Ellis Grant', email: 'ellis@sparkle.example' };

type Key = 'harbor' | 'elm' | 'birch' | 'cedar';

/** The accounts, with what the digest should find about each. */
const ACCOUNTS: Record<Key, { json: Record<string, unknown>; level: RiskLevel; reasons: string[]; contacts: number }> = {
  // 2nd Tuesday: Jan 12, next week.
  harbor: {
    json: { name: 'Harbor Point', scale: 10, renewalDate: '2027-02-13', team: { accountManager: dana, supervisor: luis } },
    level: 'at-risk',
    reasons: ['Score fell from 9.0 to 5.0 (−44 points) since the last meeting'],
    contacts: 3,
  },
  // 1st Tuesday: Jan 5, this week.
  elm: {
    json: {
      name: 'Elm Court',
      scale: 5,
      renewalDate: '2027-03-15',
      team: { accountManager: ellis, supervisor: luis },
      cadence: { every: 'month', week: 1, weekday: 'TUE', time: '10:00', durationMinutes: 60 },
    },
    level: 'watch',
    reasons: ['No survey answers for the last 2 meetings'],
    contacts: 2,
  },
  // 2nd Sunday: Jan 10, the day before next week starts.
  birch: {
    json: {
      name: 'Birch Hall',
      scale: 10,
      renewalDate: '2027-12-31',
      team: { accountManager: dana },
      cadence: { every: 'month', week: 2, weekday: 'SUN', time: '10:00', durationMinutes: 30 },
    },
    level: 'healthy',
    reasons: [],
    contacts: 1,
  },
  // 2nd Monday: Jan 11, the first day of next week.
  cedar: {
    json: {
      name: 'Cedar Lofts',
      scale: 10,
      renewalDate: '2027-01-24',
      team: { accountManager: ellis, supervisor: luis },
      cadence: { every: 'month', week: 2, weekday: 'MON', time: '09:00', durationMinutes: 45 },
    },
    level: 'critical',
    reasons: ['Latest score is 2.0 out of 10 (11 of 100), at or below the at-risk line of 40', 'Renewal in 20 days (2027-01-24)'],
    contacts: 2,
  },
};

/** Answers: account, meeting, contact index, score, when answered. */
const ANSWERS: { account: Key; meeting: string; contact: number; score: number; at: string }[] = [
  { account: 'harbor', meeting: '2026-11-10T16:00:00Z', contact: 0, score: 9, at: '2026-11-11T15:00:00.000Z' },
  { account: 'harbor', meeting: '2026-12-08T16:00:00Z', contact: 0, score: 6, at: '2026-12-09T15:00:00.000Z' },
  { account: 'harbor', meeting: '2026-12-08T16:00:00Z', contact: 1, score: 4, at: '2026-12-10T15:00:00.000Z' },
  { account: 'elm', meeting: '2026-11-03T16:00:00Z', contact: 0, score: 5, at: '2026-11-10T15:00:00.000Z' },
  { account: 'elm', meeting: '2026-12-01T16:00:00Z', contact: 0, score: 3, at: '2026-12-06T15:00:00.000Z' },
  { account: 'birch', meeting: '2026-10-11T15:00:00Z', contact: 0, score: 2, at: '2026-10-12T15:00:00.000Z' },
  { account: 'birch', meeting: '2026-12-13T16:00:00Z', contact: 0, score: 10, at: '2026-12-14T15:00:00.000Z' },
  { account: 'cedar', meeting: '2026-12-14T15:00:00Z', contact: 0, score: 2, at: '2026-12-15T15:00:00.000Z' },
];

/** Survey requests: one per meeting and contact, sent two hours after the meeting. */
const REQUESTS: { account: Key; meeting: string; contact: number }[] = [
  { account: 'harbor', meeting: '2026-11-10T16:00:00Z', contact: 0 },
  { account: 'harbor', meeting: '2026-12-08T16:00:00Z', contact: 0 },
  { account: 'harbor', meeting: '2026-12-08T16:00:00Z', contact: 1 },
  { account: 'harbor', meeting: '2026-12-08T16:00:00Z', contact: 2 },
  { account: 'elm', meeting: '2026-12-01T16:00:00Z', contact: 0 },
  { account: 'elm', meeting: '2026-12-01T16:00:00Z', contact: 1 },
  { account: 'birch', meeting: '2026-12-13T16:00:00Z', contact: 0 },
  { account: 'cedar', meeting: '2026-12-14T15:00:00Z', contact: 0 },
  { account: 'cedar', meeting: '2026-12-14T15:00:00Z', contact: 1 },
];
const sentAt = (meeting: string) => new Date(Date.parse(meeting) + 2 * 3_600_000).toISOString();

/** Whose digest covers which accounts: operations manager and executive (deployment defaults) see all. */
const MANAGERS: Record<string, Key[]> = {
  'dana@sparkle.example': ['harbor', 'birch'],
  'ellis@sparkle.example': ['elm', 'cedar'],
  'luis@sparkle.example': ['harbor', 'elm', 'cedar'],
  'pat@sparkle.example': ['harbor', 'elm', 'birch', 'cedar'],
  'sam@sparkle.example': ['harbor', 'elm', 'birch', 'cedar'],
};

let cloud: LocalCloud;
let digest: Handler;
const accounts = {} as Record<Key, Account>;
let firstRun: { sent: string[]; skipped: string[] };
let emails: StoredEmail[];

beforeAll(async () => {
  cloud = await startTestCloud({ clockStart: new Date(MONDAY) });
  const repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);
  for (const [key, spec] of Object.entries(ACCOUNTS) as [Key, (typeof ACCOUNTS)[Key]][]) {
    const slug = key.replace(/\W/g, '');
    const contacts = Array.from({ length: spec.contacts }, (_, i) => ({ name: `Contact ${i}`, email: `c${i}@${slug}.example` }));
    const { status, body } = await api<Account>(cloud, 'POST', '/admin/accounts', accountJson({ ...spec.json, contacts }));
    expect(status).toBe(201);
    accounts[key] = body;
  }
  const contactId = (key: Key, index: number) => accounts[key].contacts[index]!.id;
  for (const r of REQUESTS) {
    await repos.surveys.record({
      accountId: accounts[r.account].id,
      meetingId: r.meeting,
      contactId: contactId(r.account, r.contact),
      scale: accounts[r.account].scale,
      sentAt: sentAt(r.meeting),
      clicks: [],
    });
  }
  for (const a of ANSWERS) {
    await repos.scores.save({
      accountId: accounts[a.account].id,
      meetingId: a.meeting,
      contactId: contactId(a.account, a.contact),
      score: a.score,
      scale: accounts[a.account].scale,
      answeredAt: a.at,
      provisional: false,
    });
    if (REQUESTS.some((r) => r.account === a.account && r.meeting === a.meeting && r.contact === a.contact)) {
      await repos.surveys.mark(accounts[a.account].id, a.meeting, contactId(a.account, a.contact), 'answeredAt', a.at);
    }
  }
  await repos.commitments.save({
    id: 'k-harbor-vents',
    accountId: accounts.harbor.id,
    request: 'Dust the <b>vents</b> on floor 3',
    owner: dana,
    status: 'open',
    createdAt: '2026-11-20T12:00:00.000Z',
  });
  await repos.commitments.save({
    id: 'k-elm-bins',
    accountId: accounts.elm.id,
    request: 'More bins in the lobby',
    owner: ellis,
    status: 'open',
    createdAt: '2026-12-20T15:00:00.000Z',
  });
  // The risk engine evaluates the answers from the stream; then each account gets the level the test is about.
  await cloud.poller.drain();
  for (const [key, spec] of Object.entries(ACCOUNTS) as [Key, (typeof ACCOUNTS)[Key]][]) {
    const stored = await repos.accounts.require(accounts[key].id);
    accounts[key] = await repos.accounts.save({ ...stored, risk: { level: spec.level, reasons: spec.reasons, codes: [] } });
  }
  await clearInbox(cloud);

  digest = (await import('#handlers/digest.ts')).handler as unknown as Handler;
  firstRun = await digest({ scheduledTime: MONDAY }, lambdaContext('digest'));
  emails = await inbox(cloud);
});

afterAll(async () => {
  await cloud?.stop();
});

function emailTo(address: string): StoredEmail {
  const found = emails.filter((e) => e.destination.to.some((to) => to.includes(address)));
  expect(found).toHaveLength(1);
  return found[0]!;
}

/**
 * The lines of one section of the text part, between its underline and the blank line after it,
 * without the account-page address under each line (the digest's links are tested on their own).
 */
function sectionLines(text: string, heading: string): string[] {
  const start = text.indexOf(`${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = text.slice(start).split('\n').slice(2);
  return body.slice(0, body.indexOf('')).filter((line) => !line.startsWith('  Open the account: '));
}

// Expected values, computed here from the fixtures rather than by the code under test.
const normalized = (score: number, scale: number) => Math.round(((score - 1) / (scale - 1)) * 100);
const meanOf = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function expected(keys: Key[]) {
  const inScope = ANSWERS.filter((a) => keys.includes(a.account));
  const between = (at: string, fromDays: number, toDays: number) => Date.parse(at) >= T - fromDays * DAY && Date.parse(at) < T - toDays * DAY;
  const current = inScope.filter((a) => between(a.at, 30, 0));
  const previous = inScope.filter((a) => between(a.at, 60, 30));
  const norm = (list: typeof ANSWERS) => Math.round(meanOf(list.map((a) => normalized(a.score, accounts[a.account].scale))));
  const sent = REQUESTS.filter((r) => keys.includes(r.account) && between(sentAt(r.meeting), 30, 0));
  const answered = sent.filter((r) => ANSWERS.some((a) => a.account === r.account && a.meeting === r.meeting && a.contact === r.contact));
  const bands = [0, 0, 0, 0];
  for (const a of current) {
    const n = normalized(a.score, accounts[a.account].scale);
    bands[n <= 40 ? 0 : n <= 60 ? 1 : n <= 80 ? 2 : 3]! += 1;
  }
  return {
    answers: current.length,
    average: norm(current),
    previous: norm(previous),
    sent: sent.length,
    answered: answered.length,
    percent: Math.round((answered.length / sent.length) * 100),
    bands,
  };
}

describe('the weekly digest', () => {
  it('goes to each manager once: account managers, supervisors, and the default operations manager and executive', () => {
    // Assess
    const recipients = emails.flatMap((e) => e.destination.to).map((to) => to.match(/[\w.]+@[\w.]+/)?.[0]).sort();
    expect(recipients).toEqual(Object.keys(MANAGERS).sort());
    expect(firstRun.sent.sort()).toEqual(Object.keys(MANAGERS).sort());
    expect(emailTo('pat@sparkle.example').subject).toBe('Weekly digest, week of Jan 4, 2027: 3 accounts need attention');
    expect(emailTo('dana@sparkle.example').subject).toBe('Weekly digest, week of Jan 4, 2027: 1 account needs attention');
  });

  it.each(Object.entries(MANAGERS))('shows %s the average, trend, response rate and spread of their accounts’ answers', (address, keys) => {
    // Prepare
    const want = expected(keys);

    // Act
    const text = emailTo(address).body.text ?? '';

    // Assess
    const average = /Average score: (\d+) of 100 \(([^)]*)\) from (\d+) answers? in the last 30 days, (up|down) (\d+) points? from (\d+) in the 30 days before/.exec(text);
    expect(average).not.toBeNull();
    const [, shown, , answers, direction, change, before] = average!;
    expect(Number(shown)).toBe(want.average);
    expect(Number(answers)).toBe(want.answers);
    expect(Number(before)).toBe(want.previous);
    expect((direction === 'down' ? -1 : 1) * Number(change)).toBe(want.average - want.previous);
    expect(text).toContain(`Response rate: ${want.percent}% (${want.answered} of ${want.sent} ${want.sent === 1 ? 'survey' : 'surveys'} sent`);
    const bands = [...text.matchAll(/^(?:0–40|41–60|61–80|81–100) +#* +(\d+)$/gm)].map((m) => Number(m[1]));
    expect(bands).toEqual(want.bands);
  });

  it('shows each scale’s own average when the accounts use both', () => {
    // Act
    const text = emailTo('luis@sparkle.example').body.text ?? '';

    // Assess: Harbor 6 and 4, Cedar 2 on 1–10; Elm 3 on 1–5.
    expect(text).toContain(`(${(3).toFixed(1)} of 5 on 1–5 accounts, ${((6 + 4 + 2) / 3).toFixed(1)} of 10 on 1–10 accounts)`);
  });

  it('lists the accounts that need attention by renewal date, with level, reasons and days to renewal', () => {
    // Act
    const lines = sectionLines(emailTo('sam@sparkle.example').body.text ?? '', 'Accounts that need attention');

    // Assess
    expect(lines).toEqual([
      '- Cedar Lofts: critical, renewal Jan 24, 2027 (in 20 days). Latest score is 2.0 out of 10 (11 of 100), at or below the at-risk line of 40.',
      '- Harbor Point: at risk, renewal Feb 13, 2027 (in 40 days). Score fell from 9.0 to 5.0 (−44 points) since the last meeting.',
      '- Elm Court: on watch, renewal Mar 15, 2027 (in 70 days). No survey answers for the last 2 meetings.',
    ]);
    expect(sectionLines(emailTo('dana@sparkle.example').body.text ?? '', 'Accounts that need attention')).toEqual([
      '- Harbor Point: at risk, renewal Feb 13, 2027 (in 40 days). Score fell from 9.0 to 5.0 (−44 points) since the last meeting.',
    ]);
  });

  it('lists the renewals of the next 90 days with their last score, the meetings of next week and the overdue commitments', () => {
    // Act
    const text = emailTo('pat@sparkle.example').body.text ?? '';

    // Assess
    expect(sectionLines(text, 'Renewals in the next 90 days')).toEqual([
      '- Cedar Lofts: renewal Jan 24, 2027 (in 20 days), $4,200/month, last score 2.0 of 10 (Dec 14, 2026)',
      '- Harbor Point: renewal Feb 13, 2027 (in 40 days), $4,200/month, last score 5.0 of 10 (Dec 8, 2026)',
      '- Elm Court: renewal Mar 15, 2027 (in 70 days), $4,200/month, last score 3.0 of 5 (Dec 1, 2026)',
    ]);
    expect(sectionLines(text, 'Meetings next week (Jan 11, 2027 – Jan 17, 2027)')).toEqual([
      '- Mon, Jan 11, 9:00 AM CST: Cedar Lofts (45 min)',
      '- Tue, Jan 12, 10:00 AM CST: Harbor Point (60 min)',
    ]);
    expect(sectionLines(text, 'Overdue commitments')).toEqual([
      'Open for more than 30 days, oldest first:',
      '- Harbor Point: "Dust the <b>vents</b> on floor 3" (owner Dana Reyes, open 45 days)',
    ]);
    expect(emailTo('pat@sparkle.example').body.html).toContain('Dust the &lt;b&gt;vents&lt;/b&gt; on floor 3');
    expect(sectionLines(emailTo('ellis@sparkle.example').body.text ?? '', 'Overdue commitments')).toEqual([
      'None: no commitment has been open for more than 30 days.',
    ]);
  });

  it('sends nothing more when the scheduler delivers the same week again, even a day late', async () => {
    // Act
    const again = await digest({ scheduledTime: MONDAY }, lambdaContext('digest'));
    const late = await digest({ scheduledTime: '2027-01-05T13:00:00Z' }, lambdaContext('digest'));

    // Assess
    expect(again.sent).toEqual([]);
    expect(late.sent).toEqual([]);
    expect(again.skipped.sort()).toEqual(Object.keys(MANAGERS).sort());
    expect(await inbox(cloud)).toHaveLength(emails.length);
  });

  it('refuses an event without a scheduled time and sends nothing', async () => {
    // Act
    const run = digest({ time: MONDAY }, lambdaContext('digest'));

    // Assess
    await expect(run).rejects.toThrow(/scheduledTime/);
    expect(await inbox(cloud)).toHaveLength(emails.length);
  });
});

describe("the digest's links", () => {
  it("open each named account's page for the manager the digest was sent to", async () => {
    // Act
    const html = emailTo('dana@sparkle.example').body.html ?? '';
    const links = [...new Set([...html.matchAll(/href="([^"]+\/m\/[^"]+)"/g)].map((m) => m[1] ?? ''))];
    const pages = await Promise.all(links.map(async (link) => (await fetch(link)).text()));

    // Assess: every account of Dana's that the digest names, and its page is hers.
    expect(links.length).toBeGreaterThan(0);
    for (const page of pages) expect(page).toContain('This page is for Dana Reyes only');
    expect(pages.some((page) => page.includes('<h1>Harbor Point</h1>'))).toBe(true);
  });

  it('puts the address of the page under every account line of the text part', () => {
    // Act
    const lines = (emailTo('dana@sparkle.example').body.text ?? '').split('\n');

    // Assess
    const named = lines.flatMap((line, i) => (/^- (Harbor Point|Birch Hall)/.test(line) ? [lines[i + 1] ?? ''] : []));
    expect(named.length).toBeGreaterThan(0);
    for (const next of named) expect(next).toMatch(/^ {2}Open the account: http:\/\/[^ ]+\/m\/[A-Za-z0-9_-]+$/);
  });
});
