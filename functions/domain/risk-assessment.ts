// The risk engine's evaluation: how scores, silence, the customer's words, risk signals and the
// contract clock combine into a level with reasons in plain words, and when a change deserves an
// alert. Every reason ends by itself when what caused it is over (see END OF EACH REASON below).
// Pure: "now" is a parameter.
import { scoresByCycle, type CycleScore } from './insights.ts';
import type { Account, Commitment, Meeting, RiskLevel, RiskSignal, Score, SignalKind } from './model.ts';
import { RISK_LEVELS } from './model.ts';
import { normalizeComment, warningPattern } from './phrases.ts';
import { DEFAULT_RISK_RULES, type RiskRules } from './risk-rules.ts';
import { liveSignals, type ContactFacts } from './risk-signals.ts';
import { formatLocal, localParts } from './time.ts';

// END OF EACH REASON — what makes it go away, so that no alert outlives its cause:
//  score-drop, low-score, declining, warning-words: a newer meeting answered without it (they read
//    the latest answered meetings only);
//  silent: any answer to one of the silent meetings or to a later one;
//  overdue-commitment: the commitment is done;
//  skipped-meetings, champion-bounced: see SIGNAL_RULES in risk-signals.ts (a later meeting held;
//    the contact removed or reachable again, or a decision-maker added);
//  renewal-near: the level falls below at-risk, or the renewal date moves (the contract renewed).

export type ReasonCode =
  | 'score-drop'
  | 'low-score'
  | 'declining'
  | 'silent'
  | 'warning-words'
  | 'skipped-meetings'
  | 'champion-bounced'
  | 'overdue-commitment'
  | 'renewal-near';

/** Reasons are listed in this order, whatever their level. */
export const REASON_CODES: readonly ReasonCode[] = [
  'score-drop',
  'low-score',
  'declining',
  'silent',
  'warning-words',
  'skipped-meetings',
  'champion-bounced',
  'overdue-commitment',
  'renewal-near',
];

export interface RiskReason {
  code: ReasonCode;
  /** The level this reason alone implies. */
  level: RiskLevel;
  /** Plain words for managers, e.g. "Score fell from 9.0 to 6.0 out of 10 since the last meeting". */
  text: string;
  /**
   * Shown on the digest and the account page, but no email by itself (see alertWorthy): our own
   * open commitments, and the silence of an account that has hardly ever answered.
   */
  quiet?: true;
}

export interface RiskAssessment {
  level: RiskLevel;
  reasons: RiskReason[];
}

export interface RiskInput {
  /** With its contacts when they are at hand: a champion's bounce ends only by what the contacts show. */
  account: Pick<Account, 'scale' | 'renewalDate' | 'monthlyValue' | 'timezone'> & { contacts?: readonly ContactFacts[] };
  /**
   * Recent scores, any order. A provisional click (a score link opened, the form never sent) is no
   * score: it never raises risk. It does show someone is there, so it ends silence.
   */
  scores: Score[];
  /** Recent meetings, any order; 'scheduled' and 'held' both count as held, 'skipped' does not. */
  meetings: Meeting[];
  /** Open ones, and done ones recent enough to end an overdue-commitment signal. */
  commitments: Commitment[];
  /** Recent risk signals; those ended, or older than SIGNAL_MAX_AGE_DAYS, do not count. */
  signals: RiskSignal[];
  now: Date;
  rules?: RiskRules;
}

const DAY_MS = 86_400_000;

export function levelRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

export function maxLevel(levels: readonly RiskLevel[]): RiskLevel {
  return levels.reduce<RiskLevel>((max, level) => (levelRank(level) > levelRank(max) ? level : max), 'healthy');
}

/**
 * Whole days from today to the renewal date (negative once it has passed). "Today" is the date a
 * calendar in `timezone` shows at `now`; the account's timezone when there is one.
 */
export function daysToRenewal(renewalDate: string, now: Date, timezone = 'UTC'): number {
  const [year, month, day] = renewalDate.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined || [year, month, day].some(Number.isNaN)) {
    throw new RangeError(`"${renewalDate}" is not a date in the form YYYY-MM-DD`);
  }
  const today = localParts(now, timezone);
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(today.year, today.month - 1, today.day)) / DAY_MS);
}

/** Within `days` of the renewal: on or before it, and also once it has passed (a lapsed contract is the nearest renewal of all). */
export function renewalWithin(daysLeft: number, days: number): boolean {
  return daysLeft <= days;
}

export function assessRisk(input: RiskInput): RiskAssessment {
  const rules = input.rules ?? DEFAULT_RISK_RULES;
  const clicks = input.scores.map((score) => ({ ...score, meetingId: instantKey(score.meetingId) }));
  const scores = clicks.filter((score) => !score.provisional);
  const cycles = scoresByCycle(scores);
  const scaleOf = new Map(scores.map((score) => [score.meetingId, score.scale]));
  const context: Context = { ...input, rules, scores, clicks, cycles, scaleOf };

  const direct = [scoreDrop(context), lowScore(context), declining(context), silent(context), warningWords(context), overdueCommitments(context)].filter(
    (reason): reason is RiskReason => reason !== undefined,
  );
  // A signal about what a rule already weighed from the records themselves (an open commitment's
  // age) would say the same thing twice in other words.
  const weighed = new Set(direct.map((reason) => reason.code));
  const found = [...direct, ...signalReasons(context).filter((reason) => !weighed.has(reason.code))];

  const reasons = mergeByCode(found);
  let level = maxLevel(reasons.map((reason) => reason.level));
  const daysLeft = daysToRenewal(input.account.renewalDate, input.now, input.account.timezone);
  // Silence near the renewal is the account manager's call to make, not a crisis by itself.
  const spoken = reasons.some((reason) => reason.level === 'at-risk' && reason.code !== 'silent');
  if (level === 'at-risk' && spoken && renewalWithin(daysLeft, rules.criticalRenewalDays)) {
    level = 'critical';
    reasons.push({ code: 'renewal-near', level: 'critical', text: describeRenewal(daysLeft, input.account.renewalDate) });
  }
  return { level, reasons };
}

interface Context extends RiskInput {
  rules: RiskRules;
  /** Confirmed answers and provisional clicks: only silence reads these. */
  clicks: Score[];
  cycles: CycleScore[];
  /** The scale each meeting's answers were given on. */
  scaleOf: Map<string, 5 | 10>;
}

/** Meeting ids and score meeting ids are ISO instants; compare them as instants, whatever their precision. */
function instantKey(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
}

const oneDecimal = (value: number) => value.toFixed(1);

/** A cycle's average in the scale its answers were given on: managers read one scale, the account's. */
function inScale(cycle: CycleScore, { scaleOf, account }: Context): string {
  return `${oneDecimal(cycle.average)} out of ${scaleOf.get(cycle.meetingId) ?? account.scale}`;
}

function scoreDrop(context: Context): RiskReason | undefined {
  const { cycles, rules } = context;
  const latest = cycles.at(-1);
  const previous = cycles.at(-2);
  if (!latest || !previous) return undefined;
  const drop = previous.normalized - latest.normalized;
  const level: RiskLevel | undefined =
    drop >= rules.dropAtRisk ? 'at-risk' : drop >= rules.dropWatch ? 'watch' : undefined;
  if (!level) return undefined;
  return {
    code: 'score-drop',
    level,
    text: `Score fell from ${oneDecimal(previous.average)} to ${inScale(latest, context)} since the last meeting`,
  };
}

function lowScore(context: Context): RiskReason | undefined {
  const { cycles, rules } = context;
  const latest = cycles.at(-1);
  if (!latest || latest.normalized > rules.lowScore) return undefined;
  return { code: 'low-score', level: 'at-risk', text: `Latest score is ${inScale(latest, context)}` };
}

function declining({ cycles, rules }: Context): RiskReason | undefined {
  const run = cycles.slice(-(rules.decliningCycles + 1));
  if (run.length < rules.decliningCycles + 1) return undefined;
  const falling = run.every((cycle, index) => {
    const before = run[index - 1];
    return before === undefined || cycle.normalized < before.normalized;
  });
  if (!falling) return undefined;
  return {
    code: 'declining',
    level: 'at-risk',
    text: `Score fell ${rules.decliningCycles} meetings in a row: ${run.map((cycle) => oneDecimal(cycle.average)).join(' → ')}`,
  };
}

/**
 * Silence: the latest `silentCycles` (at least two) held meetings whose survey has closed, all
 * unanswered, and no answer since, not even to a survey still open. It is watch; at-risk when it has
 * lasted `silentAtRiskCycles` meetings for an account that used to answer (`answeredCyclesForSilence`
 * meetings answered): one that never answered much is quiet by habit, not turning away.
 */
function silent({ meetings, clicks, cycles, rules, now, account }: Context): RiskReason | undefined {
  const answered = new Set(clicks.map((score) => score.meetingId));
  const closedBefore = now.getTime() - rules.surveyWindowDays * DAY_MS;
  const held = meetings
    .filter((meeting) => meeting.status !== 'skipped' && Date.parse(meeting.scheduledTime) <= now.getTime())
    .map((meeting) => instantKey(meeting.scheduledTime))
    .sort()
    .reverse();
  const closed = held.filter((meetingId) => Date.parse(meetingId) <= closedBefore);
  const newestClosed = closed[0];
  if (newestClosed === undefined || held.some((meetingId) => meetingId > newestClosed && answered.has(meetingId))) return undefined;
  const firstAnswered = closed.findIndex((meetingId) => answered.has(meetingId));
  const run = firstAnswered === -1 ? closed : closed.slice(0, firstAnswered);
  if (run.length < Math.max(2, rules.silentCycles)) return undefined;
  const level: RiskLevel =
    run.length >= rules.silentAtRiskCycles && cycles.length >= rules.answeredCyclesForSilence ? 'at-risk' : 'watch';
  const named = run.slice(0, level === 'at-risk' ? rules.silentAtRiskCycles : Math.max(2, rules.silentCycles));
  const dates = named
    .reverse()
    .map((meetingId) => formatLocal(new Date(meetingId), account.timezone).slice(0, 10))
    .join(', ');
  const habit = cycles.length < rules.answeredCyclesForSilence;
  return { code: 'silent', level, text: `No survey answers for the last ${named.length} meetings (${dates})`, ...(habit ? { quiet: true as const } : {}) };
}

function warningWords({ cycles, scores, rules }: Context): RiskReason | undefined {
  const latest = cycles.at(-1);
  if (!latest || rules.warningWords.length === 0) return undefined;
  const pattern = warningPattern(rules.warningWords);
  const heard = new Set<string>();
  for (const score of scores) {
    if (score.meetingId !== latest.meetingId || !score.comment) continue;
    for (const match of normalizeComment(score.comment).matchAll(pattern)) heard.add(match[0].toLowerCase().replace(/\s+/g, ' '));
  }
  if (heard.size === 0) return undefined;
  return {
    code: 'warning-words',
    level: 'watch',
    text: `The latest comments mention ${[...heard].map((word) => `“${word}”`).join(', ')}`,
  };
}

function overdueCommitments({ commitments, rules, now }: Context): RiskReason | undefined {
  const overdue = commitments
    .filter((c) => c.status === 'open' && now.getTime() - Date.parse(c.createdAt) > rules.overdueCommitmentDays * DAY_MS)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const oldest = overdue[0];
  if (!oldest) return undefined;
  const age = Math.floor((now.getTime() - Date.parse(oldest.createdAt)) / DAY_MS);
  const request = quote(oldest.request);
  const text =
    overdue.length === 1
      ? `A commitment has been open for ${age} days: ${request}`
      : `${overdue.length} commitments open for more than ${rules.overdueCommitmentDays} days, the oldest for ${age} days: ${request}`;
  return { code: 'overdue-commitment', level: 'watch', text, quiet: true };
}

function quote(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return `“${oneLine.length > max ? `${oneLine.slice(0, max - 1).trimEnd()}…` : oneLine}”`;
}

const SIGNAL_REASONS: Record<SignalKind, ReasonCode> = {
  'skipped-meetings': 'skipped-meetings',
  'champion-bounced': 'champion-bounced',
  'silent-cycle': 'silent',
  'overdue-commitment': 'overdue-commitment',
};

function signalReasons({ signals, account, meetings, commitments, scores, now }: Context): RiskReason[] {
  const live = liveSignals(signals, { contacts: account.contacts, meetings, commitments, scores, now });
  return live.map((signal) => ({
    code: SIGNAL_REASONS[signal.kind],
    level: 'watch',
    text: sentence(signal.detail),
    ...(signal.kind === 'overdue-commitment' ? { quiet: true as const } : {}),
  }));
}

function sentence(detail: string): string {
  const text = detail.trim().replace(/[.;]+$/, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One reason per code: the highest level, and every distinct text, in the order found. */
function mergeByCode(reasons: readonly RiskReason[]): RiskReason[] {
  const merged: RiskReason[] = [];
  for (const code of REASON_CODES) {
    const same = reasons.filter((reason) => reason.code === code);
    if (same.length === 0) continue;
    const texts = [...new Set(same.map((reason) => reason.text))];
    const quiet = same.every((reason) => reason.quiet);
    merged.push({ code, level: maxLevel(same.map((reason) => reason.level)), text: texts.join('; '), ...(quiet ? { quiet: true as const } : {}) });
  }
  return merged;
}

function describeRenewal(daysLeft: number, renewalDate: string): string {
  if (daysLeft > 1) return `Renewal in ${daysLeft} days (${renewalDate})`;
  if (daysLeft === 1) return `Renewal tomorrow (${renewalDate})`;
  if (daysLeft === 0) return `Renewal today (${renewalDate})`;
  return `Renewal date passed ${-daysLeft} ${daysLeft === -1 ? 'day' : 'days'} ago (${renewalDate})`;
}

export type RiskChangeKind = 'raised' | 'new-reason' | 'recovered' | 'none';

/**
 * Compare the stored risk with a new assessment: alert when the level rises or a new reason code
 * appears; a recovery note when it returns to healthy from watch or worse. `newReasons` are what the
 * alert reports as changed: reasons with a code not stored before, and reasons above the stored level.
 */
export function riskChange(
  previous: { level: RiskLevel; reasons: string[] },
  next: RiskAssessment,
): { kind: RiskChangeKind; newReasons: RiskReason[] } {
  const known = new Set(previous.reasons);
  const before = levelRank(previous.level);
  const newReasons = next.reasons.filter((reason) => !known.has(reason.code) || levelRank(reason.level) > before);
  if (levelRank(next.level) > before) return { kind: 'raised', newReasons };
  if (next.reasons.some((reason) => !known.has(reason.code))) {
    return { kind: 'new-reason', newReasons: next.reasons.filter((reason) => !known.has(reason.code)) };
  }
  if (next.level === 'healthy' && previous.level !== 'healthy') return { kind: 'recovered', newReasons: [] };
  return { kind: 'none', newReasons: [] };
}
