// What a manager's account page shows, as data: the account at a glance, its score history per
// contact and on average, every comment with who and when, commitments, complaints, events, meetings
// and alerts, each with what can be done about it. Pure: the caller reads the items and gives "now".
import { createHash } from 'node:crypto';
import { resolveTeam, type DefaultTeam } from './accounts.ts';
import { nextOccurrences } from './cadence.ts';
import { dateWords, daysWords, shortDate, shortMeetingTime } from './format.ts';
import { scoresByCycle, unresolvedComplaints } from './insights.ts';
import type { Account, AccountEvent, Alert, Commitment, Meeting, Person, RiskLevel, Score } from './model.ts';
import { daysToRenewal } from './risk.ts';

export interface AccountHistory {
  account: Account;
  scores: readonly Score[];
  commitments: readonly Commitment[];
  events: readonly AccountEvent[];
  meetings: readonly Meeting[];
  alerts: readonly Alert[];
}

export interface ChartPoint {
  meetingId: string;
  /** "Jan 12, 2027" in the account's timezone. */
  date: string;
  average: number;
  byContact: { contactId: string; score: number }[];
}

export interface AccountOverview {
  accountId: string;
  name: string;
  level: RiskLevel;
  reasons: string[];
  renewal: { date: string; words: string; days: number };
  monthlyValue: number;
  status: Account['status'];
  /** The next meeting in the account's own time, with its zone: "Tue, Jan 12, 10:00 AM CST". */
  nextMeeting?: string;
  scale: 5 | 10;
  chart: { points: ChartPoint[]; contacts: { id: string; name: string }[] };
  comments: { who: string; when: string; score: number; text: string }[];
  openCommitments: (CommitmentView & { fingerprint: string })[];
  closedCommitments: CommitmentView[];
  openComplaints: { id: string; description: string; when: string }[];
  events: { type: AccountEvent['type']; description: string; when: string }[];
  /** Meetings whose time has passed with neither held nor skipped recorded: the page asks which. */
  meetingsToRecord: { id: string; when: string; fingerprint: string; anchor: string }[];
  meetings: { id: string; when: string; status: Meeting['status']; note?: string }[];
  alerts: { id: string; createdAt: string; level: RiskLevel; reasons: string[]; when: string; acknowledged?: string }[];
  /** Who a commitment may be given to: the account's team, deployment-wide roles included. */
  team: Person[];
}

export interface CommitmentView {
  id: string;
  request: string;
  owner: string;
  ownerEmail: string;
  since: string;
  due?: string;
  dueDate?: string;
  whatWeDid?: string;
  closed?: string;
  dismissed: boolean;
}

/**
 * A short fingerprint of an item as the page showed it. An action carries it back; when the stored
 * item no longer has it, someone changed the item since the page was shown and the action is refused.
 */
export function fingerprint(item: unknown): string {
  return createHash('sha256').update(JSON.stringify(item)).digest('base64url').slice(0, 16);
}

export function accountOverview(history: AccountHistory, now: Date, defaults: DefaultTeam = {}): AccountOverview {
  const { account } = history;
  const zone = account.timezone;
  const days = daysToRenewal(account.renewalDate, now, zone);
  const contactName = new Map(account.contacts.map((c) => [c.id, c.name]));
  const confirmed = history.scores.filter((s) => !s.provisional);
  const points = scoresByCycle(confirmed).map((cycle) => ({
    meetingId: cycle.meetingId,
    date: shortDate(cycle.meetingId, zone),
    average: cycle.average,
    byContact: confirmed.filter((s) => s.meetingId === cycle.meetingId).map((s) => ({ contactId: s.contactId, score: s.score })),
  }));
  const charted = [...new Set(confirmed.map((s) => s.contactId))];
  const next = account.status === 'active' ? nextOccurrences(account.cadence, zone, now, 1)[0] : undefined;
  const view = (c: Commitment): CommitmentView => ({
    id: c.id,
    request: c.request,
    owner: c.owner.name,
    ownerEmail: c.owner.email,
    since: shortDate(c.createdAt, zone),
    ...(c.dueDate ? { due: dateWords(c.dueDate), dueDate: c.dueDate } : {}),
    ...(c.whatWeDid ? { whatWeDid: c.whatWeDid } : {}),
    ...(c.doneAt ? { closed: shortDate(c.doneAt, zone) } : {}),
    dismissed: c.status === 'dismissed',
  });
  const team = resolveTeam(account, defaults);
  return {
    accountId: account.id,
    name: account.name,
    level: account.risk.level,
    reasons: account.risk.reasons,
    renewal: { date: account.renewalDate, words: `${dateWords(account.renewalDate)} (${daysWords(days)})`, days },
    monthlyValue: account.monthlyValue,
    status: account.status,
    ...(next ? { nextMeeting: shortMeetingTime(next, zone) } : {}),
    scale: account.scale,
    chart: { points, contacts: charted.map((id) => ({ id, name: contactName.get(id) ?? 'A former contact' })) },
    comments: confirmed
      .filter((s) => s.comment)
      .sort((a, b) => b.answeredAt.localeCompare(a.answeredAt))
      .map((s) => ({
        who: contactName.get(s.contactId) ?? 'A former contact',
        when: shortDate(s.answeredAt, zone),
        score: s.score,
        text: s.comment ?? '',
      })),
    openCommitments: history.commitments
      .filter((c) => c.status === 'open')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((c) => ({ ...view(c), fingerprint: fingerprint(c) })),
    closedCommitments: history.commitments
      .filter((c) => c.status !== 'open')
      .sort((a, b) => (b.doneAt ?? b.createdAt).localeCompare(a.doneAt ?? a.createdAt))
      .map(view),
    openComplaints: unresolvedComplaints(history.events).map((e) => ({ id: e.id, description: e.description, when: shortDate(e.at, zone) })),
    events: [...history.events]
      .sort((a, b) => b.at.localeCompare(a.at))
      .map((e) => ({ type: e.type, description: e.description, when: shortDate(e.at, zone) })),
    meetingsToRecord: history.meetings
      .filter((m) => m.status === 'scheduled' && Date.parse(m.scheduledTime) < now.getTime())
      .map((m) => ({ id: m.scheduledTime, when: shortMeetingTime(m.scheduledTime, zone), fingerprint: fingerprint(m), anchor: meetingAnchor(m.scheduledTime) })),
    meetings: [...history.meetings]
      .sort((a, b) => b.scheduledTime.localeCompare(a.scheduledTime))
      .map((m) => ({ id: m.scheduledTime, when: shortMeetingTime(m.scheduledTime, zone), status: m.status, ...(m.note ? { note: m.note } : {}) })),
    alerts: [...history.alerts]
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map((a) => ({
        id: a.id,
        createdAt: a.createdAt,
        level: a.level,
        reasons: a.reasons,
        when: shortDate(a.createdAt, zone),
        ...(a.acknowledgedAt ? { acknowledged: `${a.acknowledgedBy ?? 'someone'} on ${shortDate(a.acknowledgedAt, zone)}` } : {}),
      })),
    team: [team.accountManager, team.supervisor, team.operationsManager, team.executive].filter(
      (p, i, all): p is Person => p !== undefined && all.findIndex((q) => q?.email === p.email) === i,
    ),
  };
}

/** Where a meeting's buttons sit on the account page: `meeting-20270112T1600` (the unrecorded-meeting email links to it). */
export function meetingAnchor(meetingId: string): string {
  return `meeting-${meetingId.replace(/[^0-9T]/g, '').slice(0, 13)}`;
}

/** Whether `email` may hold a manager link for `account`: a member of its team, or a deployment-wide role. */
export function mayManage(account: Account, email: string, defaults: DefaultTeam = {}): boolean {
  const team = resolveTeam(account, defaults);
  const wanted = email.toLowerCase();
  return [team.accountManager, team.supervisor, team.operationsManager, team.executive].some((p) => p?.email.toLowerCase() === wanted);
}
