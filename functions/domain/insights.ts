// What the account's history says, in numbers and words: the score trend, the value delivered since
// the last meeting, unresolved complaints, upsell ideas. Shared by the agenda, survey and alert emails.
import { plural } from './format.ts';
import type { AccountEvent, Commitment, Score } from './model.ts';
import { normalizeScore } from './model.ts';

export interface CycleScore {
  meetingId: string;
  /** Mean of the contacts' answers on the account's scale, one decimal. */
  average: number;
  /** The same on 0–100. */
  normalized: number;
  answers: number;
}

/** Scores grouped per meeting, oldest first; provisional clicks count until confirmed or changed. */
export function scoresByCycle(scores: readonly Score[]): CycleScore[] {
  const byMeeting = new Map<string, Score[]>();
  for (const score of scores) byMeeting.set(score.meetingId, [...(byMeeting.get(score.meetingId) ?? []), score]);
  return [...byMeeting.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([meetingId, answers]) => {
      const mean = answers.reduce((sum, s) => sum + s.score, 0) / answers.length;
      const normalized = answers.reduce((sum, s) => sum + normalizeScore(s.score, s.scale), 0) / answers.length;
      return { meetingId, average: Math.round(mean * 10) / 10, normalized: Math.round(normalized), answers: answers.length };
    });
}

export type Trend = 'rising' | 'falling' | 'steady' | 'new';

export function trendOf(cycles: readonly CycleScore[]): Trend {
  const last = cycles.at(-1);
  const previous = cycles.at(-2);
  if (!last || !previous) return 'new';
  const change = last.normalized - previous.normalized;
  if (change >= 5) return 'rising';
  if (change <= -5) return 'falling';
  return 'steady';
}

export interface ValueSummary {
  extraServices: AccountEvent[];
  complaintsResolved: AccountEvent[];
  upsells: AccountEvent[];
  complaintsNow: number;
  complaintsBefore: number;
}

/**
 * The value since `since` (the last meeting), against the period of the same length before it:
 * extra services, complaints resolved, upsells, and complaints then versus now.
 */
export function valueSince(events: readonly AccountEvent[], since: string, until: string): ValueSummary {
  const periodMs = Date.parse(until) - Date.parse(since);
  const before = new Date(Date.parse(since) - periodMs).toISOString();
  const inPeriod = events.filter((e) => e.at >= since && e.at < until);
  const previous = events.filter((e) => e.at >= before && e.at < since);
  return {
    extraServices: inPeriod.filter((e) => e.type === 'extra-service'),
    complaintsResolved: inPeriod.filter((e) => e.type === 'complaint-resolved'),
    upsells: inPeriod.filter((e) => e.type === 'upsell'),
    complaintsNow: inPeriod.filter((e) => e.type === 'complaint').length,
    complaintsBefore: previous.filter((e) => e.type === 'complaint').length,
  };
}

/** The value in words, one part each: "3 extra services", "2 complaints resolved", "complaints down from 5 to 1". */
export function valueParts(value: ValueSummary): string[] {
  const parts: string[] = [];
  if (value.extraServices.length > 0) parts.push(plural(value.extraServices.length, 'extra service', 'extra services'));
  if (value.complaintsResolved.length > 0) {
    parts.push(plural(value.complaintsResolved.length, 'complaint resolved', 'complaints resolved'));
  }
  if (value.upsells.length > 0) parts.push(plural(value.upsells.length, 'new service started', 'new services started'));
  if (value.complaintsNow < value.complaintsBefore) {
    parts.push(`complaints down from ${value.complaintsBefore} to ${value.complaintsNow}`);
  }
  return parts;
}

/** "Since our last meeting: 3 extra services, 2 complaints resolved, complaints down from 5 to 1." */
export function describeValue(value: ValueSummary): string | undefined {
  const parts = valueParts(value);
  return parts.length > 0 ? `Since our last meeting: ${parts.join(', ')}.` : undefined;
}

/** Complaints with no complaint-resolved event pointing at them, oldest first. */
export function unresolvedComplaints(events: readonly AccountEvent[]): AccountEvent[] {
  const resolved = new Set(events.filter((e) => e.type === 'complaint-resolved' && e.resolves).map((e) => e.resolves));
  return events.filter((e) => e.type === 'complaint' && !resolved.has(e.id)).sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * Services of the company's catalog the account does not buy yet: not among its services, and not
 * named by an upsell already logged (sold, but perhaps not yet on the account's list).
 */
export function upsellIdeas(catalog: readonly string[], services: readonly string[], events: readonly AccountEvent[] = []): string[] {
  const bought = new Set(services.map((s) => s.toLowerCase()));
  const sold = events.filter((e) => e.type === 'upsell').map((e) => e.description.toLowerCase());
  return catalog.filter((service) => !bought.has(service.toLowerCase()) && !sold.some((d) => d.includes(service.toLowerCase())));
}

export function openCommitments(commitments: readonly Commitment[]): Commitment[] {
  return commitments.filter((c) => c.status === 'open').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
