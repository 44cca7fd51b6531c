// The manager's account page as data: what needs doing first, the history in the account's own time,
// and who may hold a link to it.
import { describe, expect, test } from 'vitest';
import { accountOverview, fingerprint, mayManage } from '#domain/account-overview.ts';
import type { AccountEvent, Alert, Commitment, Meeting, Score } from '#domain/model.ts';
import { accountPage } from '#render/account-page.ts';
import { buildAccount } from '../support/fixtures.ts';

const NOW = new Date('2027-03-20T15:00:00Z');
const account = buildAccount({ renewalDate: '2027-06-30' });
const [morgan] = account.contacts;
const dana = account.team.accountManager;

const score = (meetingId: string, value: number, comment?: string, provisional = false): Score => ({
  accountId: account.id,
  meetingId,
  contactId: morgan?.id ?? '',
  score: value,
  scale: 10,
  answeredAt: new Date(Date.parse(meetingId) + 86_400_000).toISOString(),
  provisional,
  ...(comment ? { comment } : {}),
});
const commitment = (id: string, status: Commitment['status'], extra: Partial<Commitment> = {}): Commitment => ({
  id,
  accountId: account.id,
  request: `request ${id}`,
  owner: dana,
  status,
  createdAt: '2027-01-13T18:00:00.000Z',
  ...extra,
});
const event = (id: string, type: AccountEvent['type'], at: string, resolves?: string): AccountEvent => ({
  id,
  accountId: account.id,
  type,
  description: `${type} ${id}`,
  at,
  ...(resolves ? { resolves } : {}),
});
const meeting = (scheduledTime: string, status: Meeting['status']): Meeting => ({
  accountId: account.id,
  scheduledTime,
  status,
  recordedAt: scheduledTime,
});
const alert: Alert = {
  id: 'al1',
  accountId: account.id,
  level: 'at-risk',
  reasons: ['score fell'],
  createdAt: '2027-02-10T16:00:00.000Z',
  rung: 0,
  recipients: [dana.email],
};

const overview = accountOverview(
  {
    account,
    scores: [
      score('2027-01-12T16:00:00.000Z', 8, 'Lobby <b>spotless</b>'),
      score('2027-02-09T16:00:00.000Z', 5, 'Restrooms missed twice'),
      score('2027-03-09T15:00:00.000Z', 2, undefined, true),
    ],
    commitments: [
      commitment('c1', 'open'),
      commitment('c2', 'done', { whatWeDid: 'added a day porter', doneAt: '2027-02-01T00:00:00.000Z' }),
      commitment('c3', 'dismissed', { doneAt: '2027-02-02T00:00:00.000Z' }),
    ],
    events: [
      event('e1', 'complaint', '2027-01-20T00:00:00.000Z'),
      event('e2', 'complaint', '2027-02-20T00:00:00.000Z'),
      event('e3', 'complaint-resolved', '2027-02-25T00:00:00.000Z', 'e1'),
    ],
    meetings: [meeting('2027-02-09T16:00:00.000Z', 'held'), meeting('2027-03-09T15:00:00.000Z', 'scheduled')],
    alerts: [alert],
  },
  NOW,
);

describe('accountOverview', () => {
  test('renewal in the account’s own calendar, and the next meeting in its own time with the zone', () => {
    expect(overview.renewal).toEqual({ date: '2027-06-30', words: 'Jun 30, 2027 (in 102 days)', days: 102 });
    expect(overview.nextMeeting).toBe('Tue, Apr 13, 10:00 AM CDT');
  });

  test('the chart and the comments leave provisional clicks out', () => {
    expect(overview.chart.points.map((p) => p.average)).toEqual([8, 5]);
    expect(overview.comments.map((c) => c.text)).toEqual(['Restrooms missed twice', 'Lobby <b>spotless</b>']);
    expect(overview.comments[0]?.who).toBe(morgan?.name);
  });

  test.each([
    ['open commitments', () => overview.openCommitments.map((c) => c.id), ['c1']],
    ['closed commitments, dismissed ones marked', () => overview.closedCommitments.map((c) => [c.id, c.dismissed]), [['c3', true], ['c2', false]]],
    ['complaints with no resolution pointing at them', () => overview.openComplaints.map((c) => c.id), ['e2']],
    ['past meetings neither held nor skipped', () => overview.meetingsToRecord.map((m) => m.id), ['2027-03-09T15:00:00.000Z']],
    ['alerts not acknowledged', () => overview.alerts.filter((a) => !a.acknowledged).map((a) => a.id), ['al1']],
  ])('%s', (_what, read, expected) => {
    expect(read()).toEqual(expected);
  });

  test('a fingerprint changes when the item does', () => {
    const open = commitment('c1', 'open');
    expect(fingerprint(open)).toBe(overview.openCommitments[0]?.fingerprint);
    expect(fingerprint({ ...open, dueDate: '2027-04-01' })).not.toBe(fingerprint(open));
  });
});

describe('mayManage', () => {
  test.each([
    ['the account manager', dana.email, {}, true],
    ['the account manager, whatever the case of the address', dana.email.toUpperCase(), {}, true],
    ['the supervisor', 'luis@sparkle.example', {}, true],
    ['a deployment-wide executive', 'pat@sparkle.example', { executive: { name: 'Pat Kim', email: 'pat@sparkle.example' } }, true],
    ['someone else at the company', 'pat@sparkle.example', {}, false],
    ['a customer contact', morgan?.email ?? '', {}, false],
  ])('%s: %s', (_who, email, defaults, expected) => {
    expect(mayManage(account, email, defaults)).toBe(expected);
  });
});

describe('accountPage', () => {
  const page = accountPage({ overview, action: '/m/TOKEN', viewer: dana.name });

  test('escapes the customer’s words', () => {
    expect(page.html).toContain('Lobby &lt;b&gt;spotless&lt;/b&gt;');
    expect(page.html).not.toContain('<b>spotless</b>');
  });

  test('every action is a POST to the page’s own address carrying what it acts on', () => {
    const forms = page.html.match(/<form [^>]*>/g) ?? [];
    expect(forms.length).toBeGreaterThanOrEqual(8);
    expect(forms.every((f) => f === '<form method="post" action="/m/TOKEN">')).toBe(true);
    expect(page.html).toContain(`name="seen" value="${overview.openCommitments[0]?.fingerprint}"`);
  });

  test('gives each meeting to record the anchors the unrecorded-meeting email links to', () => {
    expect(page.html).toContain('id="meeting-20270309T1500"');
    expect(page.html).toContain('id="meeting-20270309T1500-held"');
    expect(page.html).toContain('id="meeting-20270309T1500-skipped"');
  });

  test('puts the open alert, the meeting to record and the open commitment before the history', () => {
    const order = ['Open alerts', 'Did these meetings happen?', 'Open commitments', 'Open complaints', '<h2>Scores</h2>'].map((h) =>
      page.html.indexOf(h),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
