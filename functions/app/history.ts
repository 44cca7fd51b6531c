// How far back a use case reads an account's history, in one place: the last few meeting cycles of
// its cadence (a date for the key condition, so a read costs the same at the 2nd meeting and the
// 50th), and plain day windows before a moment.
import { occurrencesBetween } from '#domain/cadence.ts';
import type { Account, Score } from '#domain/model.ts';
import { isoMinute } from '#domain/time.ts';
import type { ScoreStore } from './ports.ts';

export const DAY = 86_400_000;
/** The longest gap between two meetings, with room to spare: a month, or half a year for quarters. */
const CYCLE_SPAN_DAYS = { month: 36, quarter: 190 } as const;
/** Room for a meeting moved by a cadence change (another week or weekday of the month). */
const MARGIN_DAYS = 7;

/**
 * The meeting id from which the last `cycles` meetings before `before` are included. A meeting
 * moved by a cadence change is still included; what is older than the window is not read.
 */
export function cyclesBack(account: Pick<Account, 'cadence' | 'timezone'>, before: Date, cycles: number): string {
  const from = new Date(before.getTime() - cycles * CYCLE_SPAN_DAYS[account.cadence.every] * DAY);
  const start = occurrencesBetween(account.cadence, account.timezone, from, before).at(-cycles) ?? from;
  return isoMinute(new Date(start.getTime() - MARGIN_DAYS * DAY));
}

/** `days` before `at` (a Date or an ISO instant), as an ISO instant. */
export function daysBefore(at: Date | string, days: number): string {
  const time = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(time - days * DAY).toISOString();
}

/**
 * The scores of the account's last `cycles` meetings before `before`, newest first; never of meetings
 * before `notBefore` when it is given (a hard horizon that wins over a long cadence).
 */
export function scoresOfLastCycles(
  scores: Pick<ScoreStore, 'ofMeetingsSince'>,
  account: Pick<Account, 'id' | 'cadence' | 'timezone'>,
  before: Date,
  cycles: number,
  notBefore?: string,
): Promise<Score[]> {
  const since = cyclesBack(account, before, cycles);
  return scores.ofMeetingsSince(account.id, notBefore !== undefined && notBefore > since ? notBefore : since);
}
