// Deliverability of every email the system sends, as sent: SpamAssassin's local rules, a plain-text
// part, links that work, and the headers mail providers look for. One realistic account lives
// through two monthly meetings in the local cloud (events, answered surveys, a commitment kept), so
// the agenda and the survey carry history, as they do in real life.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import type { Account, AccountEvent, Commitment } from '#domain/model.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { accountJson } from '../support/fixtures.ts';
import { api, clearInbox, inbox, rawMessage, startTestCloud, type StoredEmail } from '../support/cloud.ts';
import { describeVerdict, spamAssassin } from '../support/spamassassin.ts';

const MAX_SPAM_SCORE = 2.0;
const MANAGER = { name: 'Dana Reyes', email: 'dana@sparkle.example' };

type Kind = 'series invitation' | 'update invitation' | 'cancellation' | 'agenda email' | 'survey email' | 'survey reminder';

interface Sent {
  messageId: string;
  raw: string;
}

let cloud: LocalCloud;
const sent = new Map<Kind, Sent>();

beforeAll(async () => {
  cloud = await startTestCloud({ clockStart: new Date('2026-11-23T12:00:00Z') });
  await liveThroughTwoMeetings();
}, 180_000);

afterAll(async () => {
  await cloud?.stop();
});

/** Sends every kind of email once, from a realistic account's life; keeps each as sent. */
async function liveThroughTwoMeetings(): Promise<void> {
  const account = await created(
    accountJson({
      name: 'Lakeview Corporate Center',
      renewalDate: '2027-09-30',
      monthlyValue: 6800,
      team: {
        accountManager: MANAGER,
        supervisor: { name: 'Luis Ortega', email: 'luis@sparkle.example' },
        operationsManager: { name: 'Sam Ito', email: 'sam@sparkle.example' },
      },
      contacts: [
        { name: 'Morgan Lee', email: 'morgan.lee@lakeviewcc.example', role: 'Facility manager', decisionMaker: true },
        { name: 'Jordan Park', email: 'jordan.park@lakeviewcc.example', role: 'Office manager' },
      ],
      services: ['Nightly janitorial', 'Restroom supplies', 'Day porter'],
    }),
  );
  await keep('series invitation', (e) => e.subject.startsWith('Monthly partnership meeting: Lakeview Corporate Center'));

  const streaks = await event(account, 'complaint', 'Lobby glass streaked after the weekend clean', '2026-11-20T15:00:00Z');
  await event(account, 'extra-service', 'Carpet extraction in the second-floor conference rooms', '2026-11-27T14:00:00Z');

  // First meeting: Tuesday 8 December 2026, 10:00 Chicago; its survey goes out at 13:00 Chicago.
  await cloud.runUntil(new Date('2026-12-08T19:30:00Z'));
  const firstSurveys = (await inbox(cloud)).filter((e) => e.subject.startsWith('How did we do at Lakeview'));
  expect(firstSurveys).toHaveLength(2);
  cloud.clock.advance(20 * 60_000);
  await answer(firstSurveys, 'morgan.lee@', 8, 'Please restock the third-floor restrooms before 7 am.');
  await answer(firstSurveys, 'jordan.park@', 7, 'The glass doors at the loading dock need more attention.');
  const { body } = await api<{ commitments: Commitment[] }>(cloud, 'GET', `/admin/commitments?accountId=${account.id}`);
  const restock = body.commitments.find((c) => c.request.startsWith('Please restock'));
  const done = await api(cloud, 'POST', `/admin/accounts/${account.id}/commitments/${restock?.id ?? 'none'}`, {
    whatWeDid: 'Restroom restocking moved to the night shift and is finished by 6 am',
  });
  expect(done.status).toBe(200);

  const fixed = 'Lobby glass cleaned again and added to the weekly checklist';
  await event(account, 'complaint-resolved', fixed, '2026-12-10T16:00:00Z', streaks.id);
  await event(account, 'extra-service', 'Floor stripping and waxing in the main lobby', '2026-12-18T23:00:00Z');
  await event(account, 'upsell', 'Monthly window cleaning, starting in January', '2026-12-21T15:00:00Z');

  // Second meeting: Tuesday 12 January 2027. Its agenda is due three days before.
  await clearInbox(cloud);
  await cloud.runUntil(new Date('2027-01-09T16:30:00Z'));
  const agenda = await keep(
    'agenda email',
    (e) => e.subject.startsWith('Agenda: Lakeview') && e.subject.endsWith('Jan 12, 2027') && !e.body.text?.includes('Account page:'),
  );
  // The history is what makes these emails realistic: make sure it is there.
  expect(agenda.body.text).toContain('Dec 8, 2026: 7.5 (2 answers)');
  // The agenda goes to every contact: a commitment in the company's words, never the customer's.
  expect(agenda.body.text).toMatch(/We (committed to:|are following up on your request)/);
  expect(agenda.body.text).not.toContain('The glass doors at the loading dock need more attention.');

  await cloud.runUntil(new Date('2027-01-12T19:30:00Z'));
  const toMorgan = (e: StoredEmail) => e.destination.to[0]?.includes('morgan.lee@') === true;
  const survey = await keep('survey email', (e) => e.subject.startsWith('How did we do at Lakeview') && toMorgan(e));
  expect(survey.body.text).toContain('- Dec 8, 2026: 8 of 10');
  expect(survey.body.text).toContain('we did: Restroom restocking moved to the night shift');

  await clearInbox(cloud);
  await cloud.runUntil(new Date('2027-01-16T00:00:00Z'));
  await keep('survey reminder', (e) => e.subject.startsWith('Reminder: how did we do at Lakeview') && toMorgan(e));

  await clearInbox(cloud);
  const patched = await api(cloud, 'PATCH', `/admin/accounts/${account.id}`, {
    cadence: { every: 'month', week: 3, weekday: 'THU', time: '15:00', durationMinutes: 45 },
  });
  expect(patched.status).toBe(200);
  await keep('update invitation', (e) => e.subject.startsWith('Updated: Monthly partnership meeting: Lakeview Corporate Center'));

  // Removal: another account of the same company, so the survey links above stay valid.
  const leaving = await created(
    accountJson({
      name: 'Northgate Medical Offices',
      contacts: [{ name: 'Riley Chen', email: 'riley.chen@northgatemed.example', role: 'Practice administrator' }],
      services: ['Nightly janitorial', 'Disinfection service'],
    }),
  );
  await clearInbox(cloud);
  expect((await api(cloud, 'DELETE', `/admin/accounts/${leaving.id}`)).status).toBeLessThan(300);
  await keep('cancellation', (e) => e.subject.startsWith('Cancelled: Monthly partnership meeting: Northgate Medical Offices'));
}

async function created(json: Record<string, unknown>): Promise<Account> {
  await clearInbox(cloud);
  const { status, body } = await api<Account>(cloud, 'POST', '/admin/accounts', json);
  expect(status).toBe(201);
  return body;
}

async function event(account: Account, type: string, description: string, at: string, resolves?: string): Promise<AccountEvent> {
  const { status, body } = await api<AccountEvent>(cloud, 'POST', `/admin/accounts/${account.id}/events`, {
    type,
    description,
    at,
    ...(resolves ? { resolves } : {}),
  });
  expect(status).toBe(201);
  return body;
}

async function answer(surveys: StoredEmail[], to: string, score: number, comment: string): Promise<void> {
  const survey = surveys.find((e) => e.destination.to[0]?.includes(to));
  const link = [...(survey?.body.html ?? '').matchAll(/href="([^"]+)"/g)]
    .map((m) => decodeEntities(m[1]!))
    .find((href) => href.endsWith(`?score=${score}`));
  if (!link) throw new Error(`no score ${score} link in the survey to ${to}`);
  const response = await fetch(link.split('?')[0]!, {
    method: 'POST',
    body: new URLSearchParams({ mode: 'submit', score: `${score}`, comment }),
  });
  expect(response.status).toBe(200);
}

async function keep(kind: Kind, match: (email: StoredEmail) => boolean): Promise<StoredEmail> {
  const emails = (await inbox(cloud)).filter(match);
  if (emails.length !== 1) {
    throw new Error(`expected one ${kind}, found ${emails.length} among: ${(await inbox(cloud)).map((e) => e.subject).join(' | ')}`);
  }
  const { messageId } = emails[0]!;
  sent.set(kind, { messageId, raw: await rawMessage(cloud, messageId) });
  return emails[0]!;
}

function message(kind: Kind): Sent {
  const found = sent.get(kind);
  if (!found) throw new Error(`the ${kind} was not sent`);
  return found;
}

// ---- reading a raw message ----------------------------------------------------------------

/** The top-level header block, unfolded, as name → values (names lower-cased). */
function topHeaders(raw: string): Map<string, string[]> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string[]>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

/** The Content-Type of every MIME part, from the headers of each part (unfolded). */
function partTypes(raw: string): string[] {
  const unfolded = raw.replace(/\r?\n[ \t]+/g, ' ');
  return [...unfolded.matchAll(/^Content-Type:[ \t]*([^;\r\n]+)/gim)].map((m) => m[1]!.trim().toLowerCase());
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

interface Links {
  /** From the HTML part's href attributes, entity-decoded. */
  hrefs: string[];
  /** From the text part. */
  textUrls: string[];
}

async function linksOf(raw: string): Promise<Links> {
  const parsed = await simpleParser(raw);
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  const hrefs = [...html.matchAll(/\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*))/gi)].map((m) =>
    decodeEntities((m[1] ?? m[2] ?? m[3] ?? '').trim()),
  );
  const textUrls = [...(parsed.text ?? '').matchAll(/\b(?:https?|ftp):\/\/[^\s<>"')\]]+/gi)].map((m) =>
    m[0].replace(/[.,;:!?]+$/, ''),
  );
  return { hrefs, textUrls };
}

// ---- the checks ------------------------------------------------------------------------------

const KINDS: Kind[] = ['series invitation', 'update invitation', 'cancellation', 'agenda email', 'survey email', 'survey reminder'];
const FROM_MANAGER: Kind[] = ['agenda email', 'survey email', 'survey reminder'];
const SURVEYS: Kind[] = ['survey email', 'survey reminder'];

describe('deliverability of every email the system sends', () => {
  it.each(KINDS)(`the %s scores at most ${MAX_SPAM_SCORE.toFixed(1)} with SpamAssassin`, async (kind) => {
    const verdict = await spamAssassin(message(kind).raw, { timeoutMs: 90_000 });

    expect(verdict.score, `the ${kind} (message ${message(kind).messageId}) ${describeVerdict(verdict)}`).toBeLessThanOrEqual(
      MAX_SPAM_SCORE,
    );
  }, 120_000);

  it.each(KINDS)('the %s has a text/plain part next to its HTML', async (kind) => {
    const types = partTypes(message(kind).raw);
    const { text } = await simpleParser(message(kind).raw);

    expect(types, `the parts of the ${kind}`).toContain('text/plain');
    expect(types, `the parts of the ${kind}`).toContain('text/html');
    expect((text ?? '').trim().length, `the length of the ${kind}'s text`).toBeGreaterThan(80);
  });

  it.each(KINDS)('the %s has no broken, empty or external links', async (kind) => {
    const { raw } = message(kind);
    const { hrefs, textUrls } = await linksOf(raw);
    const unsubscribeHeader = /<([^>]+)>/.exec(topHeaders(raw).get('list-unsubscribe')?.[0] ?? '')?.[1];
    const all = [...hrefs, ...textUrls, ...(unsubscribeHeader ? [unsubscribeHeader] : [])];

    const empty = all.filter((h) => h === '' || h === '#' || /^javascript:/i.test(h));
    const ours = (url: string) => url.startsWith(`${cloud.urls.api}/`);
    const external = all.filter((url) => !empty.includes(url) && !ours(url));
    const local = [...new Set(all.filter(ours))];
    const broken: string[] = [];
    for (const url of local) {
      const response = await fetch(url, { method: 'HEAD', redirect: 'manual' });
      if (response.status >= 400) broken.push(`${response.status} ${url}`);
    }

    expect(empty, `empty, "#" or javascript: links in the ${kind}`).toEqual([]);
    expect(external, `links in the ${kind} that leave the system`).toEqual([]);
    expect(broken, `links in the ${kind} that fail on HEAD`).toEqual([]);
    if (SURVEYS.includes(kind)) {
      // The scores, the unsubscribe link and the scanners' honeypot are all there to be checked.
      expect(local.filter((u) => /\/s\/[^?]+\?score=\d+$/.test(u))).toHaveLength(10);
      expect(local.some((u) => u.includes('/u/'))).toBe(true);
      expect(local.some((u) => u.endsWith('?via=preview'))).toBe(true);
    }
  }, 60_000);

  it.each(KINDS)('the %s carries the headers mail providers expect', (kind) => {
    const headers = topHeaders(message(kind).raw);
    const value = (name: string) => headers.get(name)?.[0] ?? '';

    for (const name of ['from', 'reply-to', 'to', 'subject', 'date', 'message-id', 'mime-version']) {
      expect(headers.get(name), `${name} of the ${kind}`).toHaveLength(1);
      expect(value(name), `${name} of the ${kind}`).not.toBe('');
    }
    expect(Number.isNaN(Date.parse(value('date'))), `Date of the ${kind}: ${value('date')}`).toBe(false);
    expect(value('message-id')).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
    expect(value('mime-version')).toBe('1.0');
    expect(value('from')).toContain('<surveys@sparkle.example>');
    if (FROM_MANAGER.includes(kind)) expect(value('reply-to')).toContain(`<${MANAGER.email}>`);
    if (SURVEYS.includes(kind)) {
      const unsubscribe = new RegExp(`^<${cloud.urls.api.replace(/[.]/g, '\\.')}/u/[^>]+>$`);
      expect(value('list-unsubscribe')).toMatch(unsubscribe);
      expect(value('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    }
  });
});
