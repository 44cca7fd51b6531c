// What the agenda and the survey email say to customers: the trend in words, each item once, the
// company's words for commitments (a contact's words go back to that contact only), offers only to
// accounts doing well, successes only from real data.
import { describe, expect, it } from 'vitest';
import { agendaBlocks, openCommitmentLine, type AgendaFacts } from '#domain/agenda.ts';
import type { Account, AccountEvent, Commitment, Score } from '#domain/model.ts';
import { greetingLine, renderAgenda } from '#render/agenda.ts';
import { closedLoopLines, renderSurveyEmail } from '#render/survey.ts';
import { buildAccount } from '../support/fixtures.ts';

const MEETING = new Date('2027-03-09T16:00:00Z');
const LAST = new Date('2027-02-09T16:00:00Z');
const sender = { companyName: 'Sparkle Cleaning', senderEmail: 'pulse@sparkle.example', postalAddress: '1 Main St' };

function account(overrides: Partial<Account> = {}): Account {
  const base = buildAccount({
    contacts: [
      { name: 'Dr. Priya Shah', email: 'priya@acme.example' },
      { name: 'Jordan Park', email: 'jordan@acme.example', salutation: 'Jo' },
    ],
  });
  return { ...base, ...overrides };
}

const score = (meetingId: string, value: number, contactId = 'c1'): Score => ({
  accountId: 'a',
  meetingId,
  contactId,
  scale: 10,
  score: value,
  answeredAt: meetingId,
  provisional: false,
});

const event = (id: string, type: AccountEvent['type'], description: string, at: string, resolves?: string): AccountEvent => ({
  id,
  accountId: 'a',
  type,
  description,
  at,
  ...(resolves ? { resolves } : {}),
});

const commitment = (id: string, request: string, extra: Partial<Commitment> = {}): Commitment => ({
  id,
  accountId: 'a',
  request,
  owner: { name: 'Dana Reyes', email: 'dana@sparkle.example' },
  contactId: 'contact-priya',
  status: 'open',
  createdAt: '2027-02-10T12:00:00.000Z',
  ...extra,
});

function facts(overrides: Partial<AgendaFacts> = {}): AgendaFacts {
  return { account: account(), meetingTime: MEETING, lastMeetingTime: LAST, scores: [], events: [], commitments: [], catalog: [], ...overrides };
}

const text = (blocks: ReturnType<typeof agendaBlocks>) => blocks.flatMap((b) => [b.heading, ...b.paragraphs, ...b.items]).join('\n');
const block = (blocks: ReturnType<typeof agendaBlocks>, name: string) => blocks.find((b) => b.heading.endsWith(name));

describe('the quality trend in the agenda', () => {
  it.each([
    { name: 'falling over four meetings that end flat', averages: [7, 6, 5, 5], words: 'Falling over the last 4 meetings: 7.0 → 6.0 → 5.0 → 5.0' },
    { name: 'rising', averages: [5, 6, 7, 8], words: 'Rising over the last 4 meetings: 5.0 → 6.0 → 7.0 → 8.0' },
    { name: 'steady', averages: [8, 8, 8.2], words: 'Steady over the last 3 meetings: 8.0 → 8.0 → 8.2' },
    { name: 'the first score', averages: [9], words: 'First score: 9.0' },
    { name: 'only the last four of six', averages: [1, 1, 8, 8, 8, 8], words: 'Steady over the last 4 meetings: 8.0 → 8.0 → 8.0 → 8.0' },
  ])('reads $name', ({ averages, words }) => {
    const scores = averages.map((value, i) => score(`2026-${String(i + 3).padStart(2, '0')}-09T16:00:00Z`, value));

    expect(block(agendaBlocks(facts({ scores })), 'Quality')?.paragraphs).toEqual([`${words} (scores of 1–10).`]);
  });
});

describe('each item once', () => {
  it('lists a complaint logged twice in the same words once', () => {
    const events = [event('e1', 'complaint', 'Lobby glass streaked', '2027-02-12T10:00:00Z'), event('e2', 'complaint', 'lobby glass streaked ', '2027-02-20T10:00:00Z')];

    const issues = block(agendaBlocks(facts({ events })), 'Open issues');

    expect(issues?.items.filter((item) => /lobby glass/i.test(item))).toEqual(['Complaint of Feb 12, 2027 (logged 2 times): Lobby glass streaked']);
  });

  it('lists two open commitments on the same request once, and none that repeats a complaint already listed', () => {
    const commitments = [
      commitment('k1', 'Please clean the 3rd floor restrooms every afternoon', { summary: 'Your request of 10 February about the 3rd floor restrooms' }),
      commitment('k2', 'third floor bathrooms in the afternoons please', { summary: 'Your request of 20 February about the third floor bathrooms' }),
      commitment('k3', 'The lobby glass was streaked', { kind: 'complaint', summary: 'Your comment of 21 February about the lobby glass' }),
    ];
    const events = [event('e1', 'complaint', 'The lobby glass was streaked', '2027-02-21T10:00:00Z')];

    const items = block(agendaBlocks(facts({ commitments, events })), 'Open issues')?.items ?? [];

    expect(items).toEqual([
      'Complaint of Feb 21, 2027: The lobby glass was streaked',
      'We are following up on your request of 10 February about the 3rd floor restrooms (owner: Dana Reyes)',
    ]);
  });

  it('drops a complaint once it is resolved, so the counts agree with the open-complaint list', () => {
    const events = [
      event('e1', 'complaint', 'Lobby glass streaked', '2027-02-12T10:00:00Z'),
      event('e2', 'complaint-resolved', 'Glass cleaned', '2027-02-14T10:00:00Z', 'e1'),
    ];

    const blocks = agendaBlocks(facts({ events }));

    expect(block(blocks, 'Open issues')?.paragraphs).toEqual(['Nothing open. Tell us if we missed something.']);
    expect(block(blocks, 'Past successes')?.items).toEqual(['Resolved: Glass cleaned']);
  });
});

describe('discretion: a customer is quoted only to themselves', () => {
  const words = 'Please clean the 3rd floor restrooms every afternoon';
  const asked = commitment('k1', words, { summary: 'Your request of 10 February about the 3rd floor restrooms' });
  const kept = { ...asked, status: 'done' as const, doneAt: '2027-02-25T12:00:00.000Z', whatWeDid: 'Added an afternoon round' };

  it.each([
    { name: 'an open commitment', commitments: [asked] },
    { name: 'a commitment kept since the last meeting', commitments: [kept] },
    { name: 'one without a summary', commitments: [{ ...asked, summary: undefined }] },
  ])('the agenda to every contact never carries their words: $name', ({ commitments }) => {
    const email = renderAgenda({ ...facts({ commitments: commitments as Commitment[] }), defaultTeam: {}, sender });

    expect(email.text).not.toContain(words);
    expect(email.html).not.toContain('3rd floor restrooms every afternoon');
  });

  it.each([
    { name: 'the contact who asked', contactId: 'contact-priya', quoted: true },
    { name: 'another contact', contactId: 'contact-jordan', quoted: false },
  ])('the survey email quotes a kept request only to $name', ({ contactId, quoted }) => {
    const lines = closedLoopLines([kept], { id: contactId }, 'America/Chicago');

    expect(lines.join('\n').includes(words)).toBe(quoted);
    expect(lines.join('\n')).toContain('we did: Added an afternoon round');
  });
});

describe('we did, successes and offers', () => {
  it('reports what was done since the last meeting, and only then', () => {
    const before = commitment('old', 'Restock soap', { status: 'done', doneAt: '2027-01-20T12:00:00.000Z', whatWeDid: 'Old news', summary: 'Your request of 5 January' });
    const since = commitment('new', 'Restock paper', { status: 'done', doneAt: '2027-02-20T12:00:00.000Z', whatWeDid: 'Mid-day restock', summary: 'Your request of 10 February' });

    const blocks = agendaBlocks(facts({ commitments: [before, since] }));

    expect(block(blocks, 'We did')?.items).toEqual(['Your request of 10 February: Mid-day restock']);
    expect(block(blocks, 'Past successes')?.items).toContain('1 commitment kept (see "We did")');
  });

  it('leaves past successes out when nothing happened', () => {
    expect(text(agendaBlocks(facts()))).not.toContain('Past successes');
  });

  it('counts value since the last meeting, not a fixed month, for a quarterly account', () => {
    const quarterly = account({ cadence: { every: 'quarter', week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60, months: [3, 6, 9, 12] } });
    const events = [event('x', 'extra-service', 'Carpet extraction', '2026-12-20T10:00:00Z')];

    const blocks = agendaBlocks(facts({ account: quarterly, lastMeetingTime: new Date('2026-12-08T16:00:00Z'), events }));

    expect(block(blocks, 'Past successes')?.items).toContain('Extra service: Carpet extraction');
  });

  it.each([
    { level: 'healthy', offered: true },
    { level: 'watch', offered: true },
    { level: 'at-risk', offered: false },
    { level: 'critical', offered: false },
  ] as const)('offers ideas to a $level account: $offered', ({ level, offered }) => {
    const risky = account({ risk: { level, reasons: [], codes: [] } });

    const blocks = agendaBlocks(facts({ account: risky, catalog: ['Window cleaning', 'Carpet care'] }));

    expect(blocks.some((b) => b.heading.endsWith('Ideas for your site'))).toBe(offered);
    if (!offered) expect(text(blocks)).not.toMatch(/window cleaning|carpet care/i);
  });

  it('never offers a service the customer just complained about', () => {
    const events = [event('e1', 'complaint', 'Windows left streaky', '2027-02-15T10:00:00Z')];

    const ideas = block(agendaBlocks(facts({ events, catalog: ['Window cleaning', 'Carpet care'] })), 'Ideas for your site');

    expect(ideas?.items).toEqual(['Carpet care']);
  });
});

describe('names and subject', () => {
  it.each([
    { people: [{ name: 'Dr. Priya Shah' }], line: 'Hello Dr. Shah,' },
    { people: [{ name: 'Dr. Priya Shah' }, { name: 'Jordan Park', salutation: 'Jo' }], line: 'Hello Dr. Shah and Jo,' },
    { people: [{ name: 'info@acme.example' }], line: 'Hello,' },
    { people: [], line: 'Hello,' },
  ])('greets $line', ({ people, line }) => {
    expect(greetingLine(people)).toBe(line);
  });

  it("names the account and the date in the subject, and signs with the account manager's name and role", () => {
    const email = renderAgenda({ ...facts(), defaultTeam: {}, sender });

    expect(email.subject).toBe(`Agenda: ${facts().account.name}, partnership meeting Mar 9, 2027`);
    expect(email.text).toContain('Dana Reyes\nAccount manager, Sparkle Cleaning');
    expect(email.text).not.toContain('Dr..');
  });

  it('says "since our last meeting" once in the survey email', () => {
    const base = facts();
    const email = renderSurveyEmail({
      account: base.account,
      contact: base.account.contacts[0]!,
      meetingTime: MEETING,
      pastScores: [],
      value: { extraServices: [event('x', 'extra-service', 'Carpet', '2027-02-20T10:00:00Z')], complaintsResolved: [], upsells: [], complaintsNow: 0, complaintsBefore: 0 },
      closedLoops: [],
      links: { survey: 'https://p/s/t', unsubscribe: 'https://p/u/t', honeypot: 'https://p/s/t?via=preview' },
      sender,
    });

    expect(email.text.match(/since our last meeting/gi)).toHaveLength(1);
    expect(email.text).toContain('Thank you for meeting with us on Mar 9, 2027, Dr. Shah.');
  });
});

describe('openCommitmentLine', () => {
  it.each([
    ['the default wording of a request', { summary: 'Your request of Nov 5 about the lobby' }, 'We are following up on your request of Nov 5 about the lobby'],
    ['the default wording of a complaint', { kind: 'complaint' as const, summary: 'Your comment of Nov 5 about the lobby' }, 'We are following up on your comment of Nov 5 about the lobby'],
    ['no summary at all', {}, 'We are following up on your request of Nov 5, 2026'],
    ["the account manager's own words", { summary: 'restrooms on the 3rd floor checked every afternoon' }, 'We committed to: restrooms on the 3rd floor checked every afternoon'],
  ])('%s', (_what, extra, expected) => {
    expect(openCommitmentLine({ ...commitment('k9', 'anything', extra), createdAt: '2026-11-05T15:00:00.000Z' }, 'America/Chicago')).toBe(expected);
  });
});
