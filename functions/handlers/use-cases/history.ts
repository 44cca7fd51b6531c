// How far back a use case reads an account's history: the last few meeting cycles of its cadence,
// as a date for the key condition. A read bounded so costs the same at the 2nd meeting and the 50th.
import { occurrencesBetween } from '#domain/cadence.ts';
import type { Account } from '#domain/model.ts';
import { isoMinute } from '#domain/time.ts';

const DAY = 86_400_000;
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
