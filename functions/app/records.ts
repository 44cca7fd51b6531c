// What operators read about an account's past from the pulse CLI: its events, its alerts (who got
// each and who acknowledged it) and its scores between two dates. Reads only.
import * as z from '#contract/zod.ts';
import { parseInput } from '#domain/errors.ts';
import type { AccountEvent, Alert, Score } from '#domain/model.ts';
import type { Uses } from './ports.ts';

const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/;
/** Whether the date part names a real day (no February 30th). */
function realDay(value: string): boolean {
  const day = value.slice(0, 10);
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}
const When = z.optional(
  z.string().check(
    z.regex(DAY_OR_INSTANT, { error: 'must be a date (YYYY-MM-DD) or a UTC instant (YYYY-MM-DDTHH:MM:SSZ)' }),
    z.refine(realDay, { error: 'is not a real date' }),
  ),
);
export const Period = z.object({ from: When, to: When, limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000))) });

/** From (inclusive) and to (exclusive) as ISO instants; a date as `to` includes that whole day. */
export interface Window {
  from: string;
  to: string;
}

const EARLIEST = '1970-01-01T00:00:00.000Z';
const LATEST = '9999-12-31T23:59:59.999Z';

/** The `from` and `to` query parameters as a window; 400 (InvalidInput) naming the bad one. */
export function windowOf(query: Readonly<Record<string, string | undefined>>): Window & { limit?: number } {
  const { from, to, limit } = parseInput(Period, query);
  const start = from === undefined ? EARLIEST : from.length === 10 ? `${from}T00:00:00.000Z` : new Date(from).toISOString();
  const end =
    to === undefined
      ? LATEST
      : to.length === 10
        ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString()
        : new Date(to).toISOString();
  return { from: start, to: end, ...(limit !== undefined ? { limit } : {}) };
}

const within = (at: string, window: Window) => {
  const time = Date.parse(at);
  return time >= Date.parse(window.from) && time < Date.parse(window.to);
};

/** The account's events in the window, oldest first (NotFound for no account). */
export async function eventsOf(ports: Uses<{ accounts: 'require'; events: 'since' }>, id: string, window: Window): Promise<AccountEvent[]> {
  await ports.accounts.require(id);
  return (await ports.events.since(id, window.from)).filter((e) => within(e.at, window));
}

/** The account's latest alerts, newest first, with their recipients and acknowledgement (NotFound for no account). */
export async function alertsOf(ports: Uses<{ accounts: 'require'; alerts: 'recent' }>, id: string, limit: number): Promise<Alert[]> {
  await ports.accounts.require(id);
  return ports.alerts.recent(id, limit);
}

/** The scores of the account's meetings in the window, oldest meeting first (NotFound for no account). */
export async function scoresBetween(ports: Uses<{ accounts: 'require'; scores: 'ofMeetingsSinceInOrder' }>, id: string, window: Window): Promise<Score[]> {
  await ports.accounts.require(id);
  return (await ports.scores.ofMeetingsSinceInOrder(id, window.from)).filter((s) => within(s.meetingId, window));
}
