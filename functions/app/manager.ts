// A manager's account page (/m/{token}): the account as it is now, and what its team can do about
// it from their inbox. The link only proves who was sent it and when; whether that person may still
// act on the account is checked against the account at every use, so leaving the team or removing
// the account closes every link at once. GET and HEAD read; only POST writes, and only when the item
// is still as the page showed it (its fingerprint), so a stale tab never overwrites newer work.
import { accountOverview, fingerprint, mayManage, type AccountOverview } from '#domain/account-overview.ts';
import { resolveTeam, type DefaultTeam } from '#domain/accounts.ts';
import { unresolvedComplaints } from '#domain/insights.ts';
import { IsoDate, type Account, type AccountEvent, type Commitment, type Person } from '#domain/model.ts';
import { LIMITS, tooLong } from '#contract/limits.ts';
import * as z from '#contract/zod.ts';
import { recordSkippedInARow } from './accounts.ts';
import { daysBefore } from './history.ts';
import { verifyLink, type Refused } from './links.ts';
import type { Clock, Ids, Keys, Uses } from './ports.ts';

export interface ManagerSettings {
  defaultTeam: DefaultTeam;
}

export type ManagerPorts = Keys &
  Clock &
  Ids &
  Uses<{
    accounts: 'get';
    scores: 'ofMeetingsSince';
    commitments: 'of' | 'get' | 'save';
    events: 'since' | 'add';
    meetings: 'recent' | 'get' | 'save';
    alerts: 'recent' | 'get' | 'save';
    signals: 'record';
  }>;

export const MANAGER_ACTIONS = [
  'acknowledge',
  'close-commitment',
  'dismiss-commitment',
  'due-commitment',
  'reassign-commitment',
  'resolve-complaint',
  'record-event',
  'meeting',
] as const;
export type ManagerAction = (typeof MANAGER_ACTIONS)[number];

export type Notice = { kind: 'done' | 'conflict' | 'invalid'; text: string };

export type ManagerResult =
  | Refused
  /** The account was removed: its links lead nowhere. */
  | { kind: 'gone' }
  /** The link is genuine but its holder is no longer on the account's team. */
  | { kind: 'not-on-team' }
  | { kind: 'page'; overview: AccountOverview; viewer: string; status: 200 | 400 | 409; notice?: Notice }
  /** Written: the page is shown again by a GET (`?done=`), so a reload cannot write twice. */
  | { kind: 'done'; action: ManagerAction };

/** What the page says after each action; also the only `?done=` values a GET believes. */
export const DONE_WORDS: Record<ManagerAction, string> = {
  acknowledge: 'Alert acknowledged: it stops climbing to the next manager.',
  'close-commitment': 'Commitment closed: the next survey and agenda tell the customer what we did.',
  'dismiss-commitment': 'Commitment dismissed: nothing will be reported back on it.',
  'due-commitment': 'Due date set.',
  'reassign-commitment': 'Commitment reassigned.',
  'resolve-complaint': 'Complaint resolved.',
  'record-event': 'Recorded.',
  meeting: 'Meeting recorded.',
};

export const STALE_NOTICE = 'This changed since you opened the page: here it is as it is now';

/** How far back the page reads: a whole contract term and the months before its renewal. */
const HISTORY_DAYS = 800;
const MEETINGS_SHOWN = 60;
const ALERTS_SHOWN = 50;

interface Holder {
  account: Account;
  email: string;
}

async function holder(ports: ManagerPorts, settings: ManagerSettings, token: string): Promise<Refused | { kind: 'gone' } | { kind: 'not-on-team' } | Holder> {
  const verified = await verifyLink(ports, token, 'manage');
  if (verified.kind === 'refused') return verified;
  const account = await ports.accounts.get(verified.claims.accountId);
  if (!account) return { kind: 'gone' };
  const email = verified.claims.contact;
  if (!mayManage(account, email, settings.defaultTeam)) return { kind: 'not-on-team' };
  return { account, email };
}

/** GET and HEAD: the page, with what the last action did when `done` names one. Writes nothing. */
export async function openAccountPage(ports: ManagerPorts, settings: ManagerSettings, token: string, done?: string): Promise<ManagerResult> {
  const who = await holder(ports, settings, token);
  if ('kind' in who) return who;
  const action = MANAGER_ACTIONS.find((a) => a === done);
  return page(ports, settings, who, 200, action ? { kind: 'done', text: DONE_WORDS[action] } : undefined);
}

/** POST: one action on one item, recorded with who did it; refused whole when stale or invalid. */
export async function actOnAccount(
  ports: ManagerPorts,
  settings: ManagerSettings,
  token: string,
  form: Readonly<Record<string, string>>,
): Promise<ManagerResult> {
  const who = await holder(ports, settings, token);
  if ('kind' in who) return who;
  const outcome = await decide(ports, settings, who, form);
  if ('invalid' in outcome) return page(ports, settings, who, 400, { kind: 'invalid', text: outcome.invalid });
  if ('conflict' in outcome) return page(ports, settings, who, 409, { kind: 'conflict', text: STALE_NOTICE });
  await outcome.write();
  return { kind: 'done', action: outcome.action };
}

async function page(ports: ManagerPorts, settings: ManagerSettings, who: Holder, status: 200 | 400 | 409, notice?: Notice): Promise<ManagerResult> {
  const { account } = who;
  const now = ports.now();
  const since = daysBefore(now, HISTORY_DAYS);
  const [scores, commitments, events, meetings, alerts] = await Promise.all([
    ports.scores.ofMeetingsSince(account.id, since),
    ports.commitments.of(account.id),
    ports.events.since(account.id, since),
    ports.meetings.recent(account.id, MEETINGS_SHOWN),
    ports.alerts.recent(account.id, ALERTS_SHOWN),
  ]);
  const overview = accountOverview({ account, scores, commitments, events, meetings, alerts }, now, settings.defaultTeam);
  const viewer = overview.team.find((p) => p.email.toLowerCase() === who.email)?.name ?? who.email;
  return { kind: 'page', overview, viewer, status, ...(notice ? { notice } : {}) };
}

type Outcome = { invalid: string } | { conflict: true } | { action: ManagerAction; write: () => Promise<void> };

const invalid = (field: string, message: string): Outcome => ({ invalid: `${field}: ${message}` });
const CONFLICT: Outcome = { conflict: true };

/** A form field, trimmed; undefined when absent or blank. */
function text(form: Readonly<Record<string, string>>, name: string): string | undefined {
  const value = Object.hasOwn(form, name) ? form[name]?.trim() : undefined;
  return value ? value : undefined;
}

async function decide(ports: ManagerPorts, settings: ManagerSettings, who: Holder, form: Readonly<Record<string, string>>): Promise<Outcome> {
  const action = MANAGER_ACTIONS.find((a) => a === text(form, 'action'));
  if (!action) return invalid('action', `must be one of ${MANAGER_ACTIONS.join(', ')}`);
  const { account, email } = who;
  const now = ports.now().toISOString();
  switch (action) {
    case 'acknowledge': {
      const id = text(form, 'id');
      const createdAt = text(form, 'createdAt');
      if (!id || !createdAt) return invalid(id ? 'createdAt' : 'id', 'is required');
      const alert = await ports.alerts.get(account.id, createdAt, id);
      if (!alert) return invalid('id', 'is no alert of this account');
      if (alert.acknowledgedAt) return CONFLICT;
      return { action, write: () => ports.alerts.save({ ...alert, acknowledgedAt: now, acknowledgedBy: email }) };
    }
    case 'close-commitment':
    case 'dismiss-commitment':
    case 'due-commitment':
    case 'reassign-commitment': {
      const found = await seenCommitment(ports, account, form);
      if (!('commitment' in found)) return found;
      const change = commitmentChange(action, found.commitment, form, who, settings, now);
      if ('invalid' in change) return change;
      return { action, write: () => ports.commitments.save(change.next) };
    }
    case 'resolve-complaint': {
      const id = text(form, 'id');
      if (!id) return invalid('id', 'is required');
      const description = text(form, 'description');
      if (!description) return invalid('description', 'must say how it was resolved');
      if (description.length > LIMITS.description) return invalid('description', tooLong(LIMITS.description));
      const events = await ports.events.since(account.id, daysBefore(ports.now(), HISTORY_DAYS));
      if (!events.some((e) => e.id === id && e.type === 'complaint')) return invalid('id', 'is no complaint of this account');
      if (!unresolvedComplaints(events).some((e) => e.id === id)) return CONFLICT;
      const event: AccountEvent = { id: ports.newId(), accountId: account.id, type: 'complaint-resolved', description, at: now, resolves: id, by: email };
      return { action, write: () => ports.events.add(event) };
    }
    case 'record-event': {
      const type = text(form, 'type');
      if (type !== 'complaint' && type !== 'extra-service') return invalid('type', 'must be complaint or extra-service');
      const description = text(form, 'description');
      if (!description) return invalid('description', 'is required');
      if (description.length > LIMITS.description) return invalid('description', tooLong(LIMITS.description));
      const event: AccountEvent = { id: ports.newId(), accountId: account.id, type, description, at: now, by: email };
      return { action, write: () => ports.events.add(event) };
    }
    case 'meeting': {
      const id = text(form, 'id');
      const seen = text(form, 'seen');
      if (!id) return invalid('id', 'is required');
      if (!seen) return invalid('seen', 'is required');
      const status = text(form, 'status');
      if (status !== 'held' && status !== 'skipped') return invalid('status', 'must be held or skipped');
      const note = text(form, 'note');
      if (note && note.length > LIMITS.note) return invalid('note', tooLong(LIMITS.note));
      const meeting = await ports.meetings.get(account.id, id);
      if (!meeting) return invalid('id', 'is no meeting of this account');
      if (fingerprint(meeting) !== seen) return CONFLICT;
      return {
        action,
        write: async () => {
          await ports.meetings.save({ ...meeting, status, recordedAt: now, recordedBy: email, ...(note ? { note } : {}) });
          if (status === 'skipped') await recordSkippedInARow(ports, account.id, id);
        },
      };
    }
  }
}

async function seenCommitment(
  ports: ManagerPorts,
  account: Account,
  form: Readonly<Record<string, string>>,
): Promise<{ commitment: Commitment } | Outcome> {
  const id = text(form, 'id');
  const seen = text(form, 'seen');
  if (!id) return invalid('id', 'is required');
  if (!seen) return invalid('seen', 'is required');
  const commitment = await ports.commitments.get(account.id, id);
  if (!commitment) return invalid('id', 'is no commitment of this account');
  if (fingerprint(commitment) !== seen || commitment.status !== 'open') return CONFLICT;
  return { commitment };
}

function commitmentChange(
  action: 'close-commitment' | 'dismiss-commitment' | 'due-commitment' | 'reassign-commitment',
  commitment: Commitment,
  form: Readonly<Record<string, string>>,
  who: Holder,
  settings: ManagerSettings,
  now: string,
): { next: Commitment } | { invalid: string } {
  switch (action) {
    case 'close-commitment': {
      const whatWeDid = text(form, 'whatWeDid');
      if (!whatWeDid) return { invalid: 'whatWeDid: must say what was done, in words the customer will read' };
      if (whatWeDid.length > LIMITS.whatWeDid) return { invalid: `whatWeDid: ${tooLong(LIMITS.whatWeDid)}` };
      return { next: { ...commitment, status: 'done', whatWeDid, doneAt: now, doneBy: who.email } };
    }
    case 'dismiss-commitment':
      return { next: { ...commitment, status: 'dismissed', doneAt: now, doneBy: who.email } };
    case 'due-commitment': {
      const parsed = z.safeParse(IsoDate, text(form, 'dueDate') ?? '');
      if (!parsed.success) return { invalid: 'dueDate: must be a date (YYYY-MM-DD)' };
      return { next: { ...commitment, dueDate: parsed.data, changedBy: who.email, changedAt: now } };
    }
    case 'reassign-commitment': {
      const wanted = text(form, 'owner')?.toLowerCase();
      const team = teamOf(who.account, settings);
      const owner = team.find((p) => p.email.toLowerCase() === wanted);
      if (!owner) return { invalid: "owner: must be someone on the account's team" };
      return { next: { ...commitment, owner, changedBy: who.email, changedAt: now } };
    }
  }
}

/** The people a commitment may be given to, as the page lists them. */
function teamOf(account: Account, settings: ManagerSettings): Person[] {
  const team = resolveTeam(account, settings.defaultTeam);
  return [team.accountManager, team.supervisor, team.operationsManager, team.executive].filter((p): p is Person => p !== undefined);
}
