// The risk signals no score carries (a champion's bounce, skipped meetings, a commitment left open)
// and the condition that ends each one, as a table: a signal speaks against the account only until
// what it warned of has been dealt with, never just until it is old.
import type { Commitment, Contact, Meeting, RiskSignal, Score, SignalKind } from './model.ts';

/** What the evaluation knows about a contact to tell whether a champion's bounce has been dealt with. */
export type ContactFacts = Pick<Contact, 'id' | 'status'> & {
  decisionMaker?: boolean | undefined;
  addedAt?: string | undefined;
};

/** What an end condition may look at. */
export interface SignalFacts {
  /** The account's contacts now; without them a champion's bounce cannot end. */
  contacts?: readonly ContactFacts[] | undefined;
  meetings: readonly Meeting[];
  commitments: readonly Commitment[];
  scores: readonly Score[];
  now: Date;
}

/** Signals older than this are history, not risk, even if nothing ended them. */
export const SIGNAL_MAX_AGE_DAYS = 120;

const DAY_MS = 86_400_000;

interface SignalRule {
  /** Whether the signal is a reason by itself. */
  counts: boolean;
  /** The condition that ends it, in words (for the account page and the docs). */
  ends: string;
  ended: (signal: RiskSignal, facts: SignalFacts) => boolean;
}

/** Every kind of signal, whether it counts, and what ends it. */
export const SIGNAL_RULES: Readonly<Record<SignalKind, SignalRule>> = {
  'champion-bounced': {
    counts: true,
    ends: 'the contact is removed or reachable again, or a decision-maker is added after the bounce',
    ended: (signal, { contacts }) => {
      if (contacts === undefined) return false;
      // Signals recorded before they named their subject carry the contact id in their own id.
      const contact = contacts.find((c) => (signal.subject ?? '') === c.id || signal.id.startsWith(`champion-bounced-${c.id}-`));
      if (contact === undefined || contact.status === 'active') return true;
      const subject = contact.id;
      const since = Date.parse(signal.at);
      return contacts.some(
        (c) => c.id !== subject && c.decisionMaker === true && c.status === 'active' && c.addedAt !== undefined && Date.parse(c.addedAt) > since,
      );
    },
  },
  'skipped-meetings': {
    counts: true,
    ends: 'a later meeting is held',
    ended: (signal, { meetings, now }) => {
      const after = instantOf(subjectOf(signal)) ?? Date.parse(signal.at);
      return meetings.some((m) => {
        const at = Date.parse(m.scheduledTime);
        return m.status !== 'skipped' && at > after && at <= now.getTime();
      });
    },
  },
  'overdue-commitment': {
    counts: true,
    ends: 'the commitment is done',
    ended: (signal, { commitments }) => {
      const id = subjectOf(signal);
      return commitments.some((c) => c.id === id && c.status === 'done');
    },
  },
  // Silence is judged from the meetings and their answers (the `silent` rule), which needs two
  // cycles in a row and ends with any answer; one unanswered survey alone is no reason.
  'silent-cycle': {
    counts: false,
    ends: 'an answer arrives for that meeting or a later one',
    ended: (signal, { scores }) => {
      const meeting = instantOf(subjectOf(signal)) ?? Date.parse(signal.at);
      return scores.some((s) => Date.parse(s.meetingId) >= meeting);
    },
  },
};

/** What a signal is about: its `subject`, or for signals recorded before they named one, the tail of its id. */
function subjectOf(signal: RiskSignal): string | undefined {
  if (signal.subject !== undefined) return signal.subject;
  const prefix = `${signal.kind}-`;
  return signal.id.startsWith(prefix) ? signal.id.slice(prefix.length) : undefined;
}

/** A meeting id as an instant, or undefined when the subject is not one. */
function instantOf(subject: string | undefined): number | undefined {
  if (subject === undefined || !/^\d{4}-\d{2}-\d{2}T/.test(subject)) return undefined;
  const ms = Date.parse(subject);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The signals that still speak against the account: recent, counting, and not ended. */
export function liveSignals(signals: readonly RiskSignal[], facts: SignalFacts): RiskSignal[] {
  const since = facts.now.getTime() - SIGNAL_MAX_AGE_DAYS * DAY_MS;
  return signals
    .filter((signal) => Date.parse(signal.at) >= since)
    .filter((signal) => SIGNAL_RULES[signal.kind].counts && !SIGNAL_RULES[signal.kind].ended(signal, facts))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
