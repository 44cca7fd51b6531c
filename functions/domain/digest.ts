// The figures of the weekly digest each manager receives on Monday morning, as data: scores and
// their trend, response rate, the spread of scores, accounts that need attention by renewal date,
// renewals within 90 days, next week's meetings and overdue commitments. render/digest.ts writes
// the email. Pure: "now" (the digest's scheduled time) is a parameter.
import { occurrencesBetween } from './cadence.ts';
import { scoresByCycle, type Trend } from './insights.ts';
import type { Account, Commitment, Person, RiskLevel, Score, SurveyRequest } from './model.ts';
import { normalizeScore } from './model.ts';
import { daysToRenewal, levelRank } from './risk.ts';
import { nextWeek, weekOf } from './week.ts';

/** Scores, response rate and distribution look at this many days before the digest, trend at as many before that. */
export const DIGEST_WINDOW_DAYS = 30;
/** Renewals this many days away or fewer are listed. */
export const RENEWAL_HORIZON_DAYS = 90;
/** An open commitment older than this many days is overdue (the risk engine's rule too). */
export const OVERDUE_COMMITMENT_DAYS = 30;
/** Each list of the digest shows at most this many rows, then "and N more": a digest for 500 accounts stays far below Gmail's 102 KB clipping. */
export const DIGEST_LIST_LIMIT = 10;
/** The levels listed under "need attention". */
export const ATTENTION_LEVELS: readonly RiskLevel[] = ['watch', 'at-risk', 'critical'];
/** A change of at least this many points (0–100) between the two windows is a rise or a fall. */
export const TREND_POINTS = 5;

export const SCORE_BANDS = [
  { label: '0–40', from: 0, to: 40 },
  { label: '41–60', from: 41, to: 60 },
  { label: '61–80', from: 61, to: 80 },
  { label: '81–100', from: 81, to: 100 },
] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number]['label'];

const DAY_MS = 86_400_000;

export interface DigestInput {
  /** The digest's scheduled time. */
  now: Date;
  /** The deployment's timezone: what "Monday" and "next week" mean. */
  timezone: string;
  scope: 'all' | 'own';
  /** The accounts the digest covers. */
  accounts: readonly Account[];
  /** Answers of any age and account; only those of `accounts` answered before `now` count. */
  scores: readonly Score[];
  /** Survey requests of any age and account; those sent in the last 30 days count. */
  surveyRequests: readonly SurveyRequest[];
  /** Commitments of any status and account; the open ones older than 30 days are listed. */
  commitments: readonly Commitment[];
}

export interface ScaleAverage {
  scale: 5 | 10;
  /** Mean of the answers given on this scale, one decimal. */
  average: number;
  answers: number;
}

export interface ScoreAverage {
  answers: number;
  /** Mean of the answers on 0–100, rounded. */
  normalized: number;
  /** The mean on each scale the answers were given on (5 before 10). */
  byScale: ScaleAverage[];
}

export interface DigestScores {
  /** Answers in the last 30 days; undefined when there were none. */
  current?: ScoreAverage;
  /** Answers in the 30 days before those. */
  previous?: ScoreAverage;
  /** current − previous, in points on 0–100 (of the rounded averages, as shown). */
  change?: number;
  /** `none`: no answers in the last 30 days; `new`: nothing before to compare with. */
  trend: Trend | 'none';
}

export interface ResponseRate {
  /** Survey requests sent in the last 30 days (one per meeting and contact). */
  sent: number;
  /** How many of those have an answer. */
  answered: number;
  /** answered / sent as a whole percentage; undefined when nothing was sent. */
  percent?: number;
}

export interface AttentionAccount {
  accountId: string;
  name: string;
  level: RiskLevel;
  reasons: string[];
  renewalDate: string;
  daysToRenewal: number;
  monthlyValue: number;
}

export interface LastScore {
  meetingId: string;
  average: number;
  normalized: number;
  scale: 5 | 10;
  answers: number;
}

export interface Renewal {
  accountId: string;
  name: string;
  level: RiskLevel;
  renewalDate: string;
  daysToRenewal: number;
  monthlyValue: number;
  /** The account's timezone: the last score's meeting date is shown in it. */
  timezone: string;
  lastScore?: LastScore;
}

export interface UpcomingMeeting {
  accountId: string;
  name: string;
  /** UTC ISO instant. */
  at: string;
  timezone: string;
  durationMinutes: number;
}

export interface OverdueCommitment {
  accountId: string;
  accountName: string;
  request: string;
  owner: Person;
  createdAt: string;
  /** Whole days open. */
  ageDays: number;
}

export interface Digest {
  /** The Monday of the digest's week, YYYY-MM-DD in the deployment's timezone: the digest's identity. */
  weekOf: string;
  timezone: string;
  scope: 'all' | 'own';
  accounts: number;
  scores: DigestScores;
  responseRate: ResponseRate;
  /** Answers of the last 30 days per band of the 0–100 score, every band present. */
  distribution: { band: ScoreBand; count: number }[];
  /** Watch, at-risk and critical accounts, nearest renewal first. */
  attention: AttentionAccount[];
  /** Renewals from today to 90 days out, nearest first. */
  renewals: Renewal[];
  /** The Monday–Sunday after the digest's week. */
  nextWeek: { monday: string; sunday: string };
  meetings: UpcomingMeeting[];
  /** Open commitments older than 30 days, oldest first. */
  overdueCommitments: OverdueCommitment[];
}

/** The band (0–40, 41–60, 61–80, 81–100) of a 0–100 score. */
export function scoreBand(normalized: number): ScoreBand {
  return (SCORE_BANDS.find((b) => normalized <= b.to) ?? SCORE_BANDS[3]).label;
}

/** Whether the account renews from today (in its timezone) to `days` days out. */
export function renewsWithin(account: Pick<Account, 'renewalDate' | 'timezone'>, now: Date, days = RENEWAL_HORIZON_DAYS): boolean {
  const left = daysToRenewal(account.renewalDate, now, account.timezone);
  return left >= 0 && left <= days;
}

/** The first `limit` items of a list and how many were left out. */
export function capped<T>(items: readonly T[], limit = DIGEST_LIST_LIMIT): { shown: T[]; more: number } {
  return { shown: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}

/**
 * The stored reasons without the one that counts days to renewal: it was written when the risk was
 * last assessed, and the digest shows today's count beside it (by rule code; by its words for a
 * risk stored before codes were).
 */
export function reasonsWithoutRenewal(risk: Pick<Account['risk'], 'reasons' | 'codes'>): string[] {
  const aligned = risk.codes.length === risk.reasons.length;
  return risk.reasons.filter((text, i) =>
    aligned ? risk.codes[i] !== RENEWAL_REASON_CODE : !/^Renewal (in \d+ days|tomorrow|today|date passed)\b/.test(text),
  );
}

const RENEWAL_REASON_CODE = 'renewal-near';

export function computeDigest(input: DigestInput): Digest {
  const { now, timezone } = input;
  // Counted once per account, so every list of the digest says the same number of days.
  const daysLeft = new Map(input.accounts.map((account) => [account.id, daysToRenewal(account.renewalDate, now, account.timezone)]));
  const daysOf = (account: Account) => daysLeft.get(account.id) ?? 0;
  const ids = new Set(input.accounts.map((account) => account.id));
  const nowMs = now.getTime();
  const windowStart = nowMs - DIGEST_WINDOW_DAYS * DAY_MS;
  const previousStart = windowStart - DIGEST_WINDOW_DAYS * DAY_MS;
  const answeredBy = input.scores.filter((s) => ids.has(s.accountId) && Date.parse(s.answeredAt) < nowMs);
  const within = (at: string, from: number, to: number) => {
    const ms = Date.parse(at);
    return ms >= from && ms < to;
  };
  const current = answeredBy.filter((s) => within(s.answeredAt, windowStart, nowMs));
  const previous = answeredBy.filter((s) => within(s.answeredAt, previousStart, windowStart));
  const week = nextWeek(now, timezone);

  return {
    weekOf: weekOf(now, timezone).monday,
    timezone,
    scope: input.scope,
    accounts: input.accounts.length,
    scores: scoreSummary(averageOf(current), averageOf(previous)),
    responseRate: responseRate(
      input.surveyRequests.filter((r) => ids.has(r.accountId) && within(r.sentAt, windowStart, nowMs)),
      answeredBy,
      nowMs,
    ),
    distribution: SCORE_BANDS.map(({ label }) => ({
      band: label,
      count: current.filter((s) => scoreBand(normalizeScore(s.score, s.scale)) === label).length,
    })),
    attention: byRenewal(input.accounts.filter((a) => ATTENTION_LEVELS.includes(a.risk.level))).map((account) => ({
      accountId: account.id,
      name: account.name,
      level: account.risk.level,
      reasons: reasonsWithoutRenewal(account.risk),
      renewalDate: account.renewalDate,
      daysToRenewal: daysOf(account),
      monthlyValue: account.monthlyValue,
    })),
    renewals: byRenewal(input.accounts.filter((a) => daysOf(a) >= 0 && daysOf(a) <= RENEWAL_HORIZON_DAYS)).map((account) => {
      const last = lastScore(answeredBy.filter((s) => s.accountId === account.id));
      return {
        accountId: account.id,
        name: account.name,
        level: account.risk.level,
        renewalDate: account.renewalDate,
        daysToRenewal: daysOf(account),
        monthlyValue: account.monthlyValue,
        timezone: account.timezone,
        ...(last ? { lastScore: last } : {}),
      };
    }),
    nextWeek: { monday: week.monday, sunday: week.sunday },
    meetings: input.accounts
      .filter((account) => account.status === 'active')
      .flatMap((account) =>
        occurrencesBetween(account.cadence, account.timezone, week.from, week.to).map((at) => ({
          accountId: account.id,
          name: account.name,
          at: at.toISOString(),
          timezone: account.timezone,
          durationMinutes: account.cadence.durationMinutes,
        })),
      )
      .sort((a, b) => a.at.localeCompare(b.at) || a.name.localeCompare(b.name)),
    overdueCommitments: overdue(input, ids, nowMs),
  };
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;
const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

function averageOf(scores: readonly Score[]): ScoreAverage | undefined {
  if (scores.length === 0) return undefined;
  const byScale = ([5, 10] as const).flatMap((scale): ScaleAverage[] => {
    const on = scores.filter((s) => s.scale === scale);
    return on.length === 0 ? [] : [{ scale, average: oneDecimal(mean(on.map((s) => s.score))), answers: on.length }];
  });
  return {
    answers: scores.length,
    normalized: Math.round(mean(scores.map((s) => normalizeScore(s.score, s.scale)))),
    byScale,
  };
}

function scoreSummary(current: ScoreAverage | undefined, previous: ScoreAverage | undefined): DigestScores {
  const known = { ...(current ? { current } : {}), ...(previous ? { previous } : {}) };
  if (!current) return { ...known, trend: 'none' };
  if (!previous) return { ...known, trend: 'new' };
  const change = current.normalized - previous.normalized;
  const trend: Trend = change >= TREND_POINTS ? 'rising' : change <= -TREND_POINTS ? 'falling' : 'steady';
  return { ...known, change, trend };
}

const answerKey = (accountId: string, meetingId: string, contactId: string) =>
  `${accountId}#${Date.parse(meetingId) || meetingId}#${contactId}`;

function responseRate(sent: readonly SurveyRequest[], scores: readonly Score[], nowMs: number): ResponseRate {
  const answers = new Set(scores.map((s) => answerKey(s.accountId, s.meetingId, s.contactId)));
  const answered = sent.filter(
    (r) =>
      (r.answeredAt !== undefined && Date.parse(r.answeredAt) < nowMs) || answers.has(answerKey(r.accountId, r.meetingId, r.contactId)),
  ).length;
  return { sent: sent.length, answered, ...(sent.length > 0 ? { percent: Math.round((answered / sent.length) * 100) } : {}) };
}

function lastScore(scores: readonly Score[]): LastScore | undefined {
  const latest = scoresByCycle(scores).at(-1);
  if (!latest) return undefined;
  const scale = scores.find((s) => s.meetingId === latest.meetingId)?.scale ?? 10;
  return { meetingId: latest.meetingId, average: latest.average, normalized: latest.normalized, scale, answers: latest.answers };
}

/** Nearest renewal first; the same date puts the graver level, then the name, first. */
function byRenewal(accounts: readonly Account[]): Account[] {
  return [...accounts].sort(
    (a, b) =>
      a.renewalDate.localeCompare(b.renewalDate) ||
      levelRank(b.risk.level) - levelRank(a.risk.level) ||
      a.name.localeCompare(b.name),
  );
}

function overdue(input: DigestInput, ids: ReadonlySet<string>, nowMs: number): OverdueCommitment[] {
  const names = new Map(input.accounts.map((account) => [account.id, account.name]));
  return input.commitments
    .filter((c) => c.status === 'open' && ids.has(c.accountId) && nowMs - Date.parse(c.createdAt) > OVERDUE_COMMITMENT_DAYS * DAY_MS)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
    .map((c) => ({
      accountId: c.accountId,
      accountName: names.get(c.accountId) ?? c.accountId,
      request: c.request,
      owner: c.owner,
      createdAt: c.createdAt,
      ageDays: Math.floor((nowMs - Date.parse(c.createdAt)) / DAY_MS),
    }));
}
