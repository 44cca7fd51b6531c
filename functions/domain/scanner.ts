// Telling a person from a mail security scanner. Scanners (Safe Links, Mimecast, Barracuda) open
// every link of an email within seconds of delivery, some run the page's script, and some follow
// links a person cannot see. A GET never records an answer; a submit always does. In between, a
// person who clicks a score and leaves without submitting counts provisionally, and only when nothing
// about the token looks like a scanner.
import type { Click, SurveyRequest } from './model.ts';

export const SCANNER_RULES = {
  /** Clicks this soon after the email was sent are what scanners do on delivery. */
  deliveryGraceMs: 60_000,
  /** Different scores clicked within this window from one token: a scanner opening every link. */
  burstWindowMs: 30_000,
  /** How long the page must have been open in a browser before a click counts without a submit. */
  dwellMs: 4_000,
  /** Clicks kept per survey request. */
  clicksKept: 20,
} as const;

export type ProvisionalVerdict =
  | { accept: true }
  | { accept: false; reason: 'answered' | 'honeypot' | 'too-soon' | 'burst' | 'no-click' | 'too-quick' };

/** True when two different scores were clicked within the burst window. */
export function isBurst(clicks: readonly Click[], rules = SCANNER_RULES): boolean {
  const sorted = [...clicks].sort((a, b) => a.at.localeCompare(b.at));
  return sorted.some((click, i) =>
    sorted
      .slice(i + 1)
      .some((later) => later.score !== click.score && Date.parse(later.at) - Date.parse(click.at) <= rules.burstWindowMs),
  );
}

/** Whether the page's "still here after a few seconds" signal may record `score` provisionally. */
export function provisionalVerdict(
  request: SurveyRequest,
  score: number,
  now: Date,
  rules = SCANNER_RULES,
): ProvisionalVerdict {
  if (request.answeredAt) return { accept: false, reason: 'answered' };
  if (request.scannerAt) return { accept: false, reason: 'honeypot' };
  if (isBurst(request.clicks, rules)) return { accept: false, reason: 'burst' };
  const click = [...request.clicks].reverse().find((c) => c.score === score);
  if (!click) return { accept: false, reason: 'no-click' };
  if (Date.parse(click.at) - Date.parse(request.sentAt) < rules.deliveryGraceMs) return { accept: false, reason: 'too-soon' };
  if (now.getTime() - Date.parse(click.at) < rules.dwellMs) return { accept: false, reason: 'too-quick' };
  return { accept: true };
}

/** The clicks with a new one added, oldest dropped beyond the bound. */
export function withClick(clicks: readonly Click[], click: Click, rules = SCANNER_RULES): Click[] {
  return [...clicks, click].slice(-rules.clicksKept);
}
