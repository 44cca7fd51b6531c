// The risk engine's rules: how scores, silence, the customer's words, risk signals and the contract
// clock combine into a risk level with reasons in plain words; when a change deserves an alert;
// who receives it on the alert ladder; what the manager should do next. Pure: "now" is a parameter.
import { RiskRulesOverrides } from '#contract/risk-rules.ts';
import type { DefaultTeam } from './accounts.ts';
import { resolveTeam } from './accounts.ts';
import { InvalidInput, parseInput } from './errors.ts';
import { scoresByCycle, type CycleScore } from './insights.ts';
import type { Account, Commitment, Meeting, Person, RiskLevel, RiskSignal, Score, SignalKind } from './model.ts';
import { RISK_LEVELS } from './model.ts';
import { addBusinessDays, formatLocal, localParts } from './time.ts';

export interface RiskRules {
  /** Points on 0–100 the latest cycle may fall below the one before it before the account is on watch. */
  dropWatch: number;
  /** The same, for at-risk. */
  dropAtRisk: number;
  /** A latest cycle at or below this (0–100) is at-risk. */
  lowScore: number;
  /** This many cycles in a row, each lower than the one before it, is at-risk (needs one cycle more). */
  decliningCycles: number;
  /** This many most recent held meetings whose survey closed without any answer is watch. */
  silentCycles: number;
  /** A held meeting's survey is closed this many days after the meeting. */
  surveyWindowDays: number;
  /** At-risk with the renewal within this many days is critical. */
  criticalRenewalDays: number;
  /** An open commitment older than this many days is watch. */
  overdueCommitmentDays: number;
  /** Whole words (with their inflections) or phrases that, in the latest cycle's comments, put the account on watch. */
  warningWords: string[];
}

export const DEFAULT_RISK_RULES: RiskRules = Object.freeze({
  dropWatch: 20,
  dropAtRisk: 30,
  lowScore: 40,
  decliningCycles: 3,
  silentCycles: 2,
  surveyWindowDays: 10,
  criticalRenewalDays: 60,
  overdueCommitmentDays: 30,
  warningWords: Object.freeze([
    'cancel',
    'terminate',
    'bid',
    'rfp',
    'tender',
    'competitor',
    'switch',
    'not renew',
    "won't renew",
    'other provider',
    'another provider',
    'other company',
    'new provider',
    'new vendor',
    'another vendor',
    'another company',
  ]) as string[],
}) as RiskRules;

/** Deployment settings may override any rule: parse a partial JSON with zod; a bad value names the rule. */
export function riskRulesFrom(overrides: unknown): RiskRules {
  if (overrides === undefined || overrides === null || overrides === '') return { ...DEFAULT_RISK_RULES };
  let value: unknown = overrides;
  if (typeof overrides === 'string') {
    try {
      value = JSON.parse(overrides) as unknown;
    } catch {
      value = undefined;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInput([{ field: '', message: 'the risk rules must be a JSON object, e.g. {"dropWatch": 25}' }]);
  }
  const parsed = parseInput(RiskRulesOverrides, value);
  const rules: RiskRules = { ...DEFAULT_RISK_RULES };
  for (const [rule, ruleValue] of Object.entries(parsed)) {
    if (ruleValue !== undefined) Object.assign(rules, { [rule]: ruleValue });
  }
  if (rules.dropAtRisk < rules.dropWatch) {
    throw new InvalidInput([
      parsed.dropAtRisk === undefined
        ? { field: 'dropWatch', message: `must not be above dropAtRisk (${rules.dropAtRisk})` }
        : { field: 'dropAtRisk', message: `must not be below dropWatch (${rules.dropWatch})` },
    ]);
  }
  return rules;
}

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
  /** Plain words for managers, e.g. "Score fell from 9.0 to 6.0 (−33 points) since the last meeting". */
  text: string;
}

export interface RiskAssessment {
  level: RiskLevel;
  reasons: RiskReason[];
}

export interface RiskInput {
  account: Pick<Account, 'scale' | 'renewalDate' | 'monthlyValue' | 'timezone'>;
  /** Recent scores, any order; provisional ones count. */
  scores: Score[];
  /** Recent meetings, any order; 'scheduled' and 'held' both count as held, 'skipped' does not. */
  meetings: Meeting[];
  commitments: Commitment[];
  /** Recent risk signals; only those of the last SIGNAL_MAX_AGE_DAYS count. */
  signals: RiskSignal[];
  now: Date;
  rules?: RiskRules;
}

/** Signals older than this are history, not risk. */
export const SIGNAL_MAX_AGE_DAYS = 120;

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
function renewalWithin(daysLeft: number, days: number): boolean {
  return daysLeft <= days;
}

export function assessRisk(input: RiskInput): RiskAssessment {
  const rules = input.rules ?? DEFAULT_RISK_RULES;
  const scores = input.scores.map((score) => ({ ...score, meetingId: instantKey(score.meetingId) }));
  const cycles = scoresByCycle(scores);
  const scaleOf = new Map(scores.map((score) => [score.meetingId, score.scale]));
  const context: Context = { ...input, rules, scores, cycles, scaleOf };

  const found = [
    scoreDrop(context),
    lowScore(context),
    declining(context),
    silent(context),
    warningWords(context),
    overdueCommitments(context),
    ...signalReasons(context),
  ].filter((reason): reason is RiskReason => reason !== undefined);

  const reasons = mergeByCode(found);
  let level = maxLevel(reasons.map((reason) => reason.level));
  const daysLeft = daysToRenewal(input.account.renewalDate, input.now, input.account.timezone);
  if (level === 'at-risk' && renewalWithin(daysLeft, rules.criticalRenewalDays)) {
    level = 'critical';
    reasons.push({ code: 'renewal-near', level: 'critical', text: describeRenewal(daysLeft, input.account.renewalDate) });
  }
  return { level, reasons };
}

interface Context extends RiskInput {
  rules: RiskRules;
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

function scoreDrop({ cycles, rules }: Context): RiskReason | undefined {
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
    text: `Score fell from ${oneDecimal(previous.average)} to ${oneDecimal(latest.average)} (−${drop} points) since the last meeting`,
  };
}

function lowScore({ cycles, rules, scaleOf, account }: Context): RiskReason | undefined {
  const latest = cycles.at(-1);
  if (!latest || latest.normalized > rules.lowScore) return undefined;
  const scale = scaleOf.get(latest.meetingId) ?? account.scale;
  return {
    code: 'low-score',
    level: 'at-risk',
    text: `Latest score is ${oneDecimal(latest.average)} out of ${scale} (${latest.normalized} of 100), at or below the at-risk line of ${rules.lowScore}`,
  };
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

function silent({ meetings, scores, rules, now, account }: Context): RiskReason | undefined {
  const answered = new Set(scores.map((score) => score.meetingId));
  const closedBefore = now.getTime() - rules.surveyWindowDays * DAY_MS;
  const closed = meetings
    .filter((meeting) => meeting.status !== 'skipped' && Date.parse(meeting.scheduledTime) <= closedBefore)
    .map((meeting) => instantKey(meeting.scheduledTime))
    .sort()
    .reverse()
    .slice(0, rules.silentCycles);
  if (closed.length < rules.silentCycles || closed.some((meetingId) => answered.has(meetingId))) return undefined;
  const dates = closed
    .reverse()
    .map((meetingId) => formatLocal(new Date(meetingId), account.timezone).slice(0, 10))
    .join(', ');
  const last = rules.silentCycles === 1 ? 'the last meeting' : `the last ${rules.silentCycles} meetings`;
  return { code: 'silent', level: 'watch', text: `No survey answers for ${last} (${dates})` };
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

function normalizeComment(comment: string): string {
  return comment.normalize('NFC').replace(/[\u2018\u2019\u02bc]/g, "'");
}

const patterns = new Map<string, RegExp>();

/**
 * One case-insensitive pattern for every warning word or phrase, as whole words, with the usual
 * inflections of its last word: cancel → cancels, cancelled, canceling, cancellation; terminate →
 * terminating, termination; bid → bids, bidding, bidder; company → companies. A word must stand
 * alone, so "switchboard", "bidet" and "forbid" do not match "switch" and "bid".
 */
export function warningPattern(words: readonly string[]): RegExp {
  const key = words.join('\n');
  let pattern = patterns.get(key);
  if (pattern === undefined) {
    const alternatives = words
      .map((word) => normalizeComment(word).trim().toLowerCase())
      .filter((word) => word !== '')
      .map(inflected)
      .sort((a, b) => b.length - a.length);
    pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
    patterns.set(key, pattern);
  }
  pattern.lastIndex = 0;
  return pattern;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SUFFIXES = "(?:s|es|ed|d|ing|er|ers|ion|ions|ation|ations|'s)?";

function inflected(phrase: string): string {
  const words = phrase.split(/\s+/);
  const last = words.pop() ?? '';
  const head = words.map(escapeRegExp).join('\\s+');
  const stems = new Set([last]);
  if (/[^aeiou]e$/.test(last)) stems.add(last.slice(0, -1)); // terminate → terminating, termination
  if (/[^aeiou][aeiou][bdglmnprt]$/.test(last)) stems.add(last + last.slice(-1)); // bid → bidding, cancel → cancelled
  const forms = [...stems].map((stem) => `${escapeRegExp(stem)}${SUFFIXES}`);
  if (/[^aeiou]y$/.test(last)) forms.push(`${escapeRegExp(last.slice(0, -1))}(?:ies|ied)`); // company → companies
  const tail = `(?:${forms.join('|')})`;
  return head === '' ? tail : `${head}\\s+${tail}`;
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
  return { code: 'overdue-commitment', level: 'watch', text };
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

function signalReasons({ signals, now }: Context): RiskReason[] {
  const since = now.getTime() - SIGNAL_MAX_AGE_DAYS * DAY_MS;
  const recent = signals
    .filter((signal) => Date.parse(signal.at) >= since)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return recent.map((signal) => ({ code: SIGNAL_REASONS[signal.kind], level: 'watch', text: sentence(signal.detail) }));
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
    merged.push({ code, level: maxLevel(same.map((reason) => reason.level)), text: texts.join('; ') });
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

export const MAX_RUNG = 2;
/** Renewal within this many days adds the operations manager at rung 0. */
export const OPERATIONS_MANAGER_DAYS = 90;
/** Renewal within this many days (or a critical level) adds the executive at rung 0. */
export const EXECUTIVE_DAYS = 30;
/** An alert not acknowledged within this many business days climbs one rung. */
export const CLIMB_BUSINESS_DAYS = 3;

/**
 * The alert ladder. Rung 0: supervisor and account manager; plus the operations manager when the
 * renewal is within 90 days; plus the executive within 30 days or when critical. Rung 1 adds the
 * operations manager, rung 2 the executive. Missing roles fall back to the deployment's defaults
 * and are skipped when still missing; each address appears once.
 */
export function alertRecipients(input: {
  account: Account;
  defaults: DefaultTeam;
  level: RiskLevel;
  now: Date;
  rung: 0 | 1 | 2;
}): Person[] {
  const { account, defaults, level, now, rung } = input;
  const team = resolveTeam(account, defaults);
  const daysLeft = daysToRenewal(account.renewalDate, now, account.timezone);
  const withOperations = rung >= 1 || renewalWithin(daysLeft, OPERATIONS_MANAGER_DAYS);
  const withExecutive = rung >= 2 || level === 'critical' || renewalWithin(daysLeft, EXECUTIVE_DAYS);
  const people = [
    team.supervisor,
    team.accountManager,
    withOperations ? team.operationsManager : undefined,
    withExecutive ? team.executive : undefined,
  ];
  const seen = new Set<string>();
  return people.filter((person): person is Person => {
    if (person === undefined) return false;
    const email = person.email.trim().toLowerCase();
    if (seen.has(email)) return false;
    seen.add(email);
    return true;
  });
}

/** When an alert created at `createdAt` and still not acknowledged climbs to the next rung. */
export function climbDueAt(createdAt: Date, timezone: string): Date {
  return addBusinessDays(createdAt, CLIMB_BUSINESS_DAYS, timezone);
}

/** The rung after `rung`, or undefined at the top of the ladder. */
export function nextRung(rung: number): 1 | 2 | undefined {
  if (rung === 0) return 1;
  if (rung === 1) return 2;
  return undefined;
}

const ACTIONS = {
  findContact:
    'Find out who has taken over from the contact whose email bounces, and add them as a contact before the next meeting.',
  rebook: 'Re-book the skipped meeting within two weeks, at a time the customer chooses, and attend in person.',
  closeCommitments:
    'Close the open commitments this week, or tell the customer the date each one will be done.',
  ownShare:
    'Own our share first: call the customer, name what went wrong on our side and what has already been fixed.',
  askImprove: 'Ask what one thing would most improve their score by the next meeting, and record it as a commitment.',
  anotherMember: 'Bring another team member, such as the supervisor or the operations manager, to the next meeting.',
  switchMember:
    'Consider switching the team member who serves the account if the problems point at the same person or crew.',
  remindValue:
    'Remind the customer of the value they receive: the extra services performed and the complaints resolved since the last meeting.',
  reachOut: 'Call the main contact to ask how the service is going, since the surveys have gone unanswered.',
} as const;

/**
 * Suggested actions from the practice, chosen by the reasons (by the level alone when the reasons are
 * not at hand, as for an escalation): 3–5 plain sentences; none for a healthy account.
 */
export function suggestedActions(assessment: RiskAssessment): string[] {
  const codes = new Set(assessment.reasons.map((reason) => reason.code));
  if (codes.size === 0 && assessment.level === 'healthy') return [];
  const has = (...wanted: ReasonCode[]) => wanted.some((code) => codes.has(code));
  const serious = levelRank(assessment.level) >= levelRank('at-risk');
  const strained = has('score-drop', 'low-score', 'declining', 'warning-words');

  const actions: string[] = [];
  if (has('champion-bounced')) actions.push(ACTIONS.findContact);
  if (has('skipped-meetings')) actions.push(ACTIONS.rebook);
  if (has('overdue-commitment')) actions.push(ACTIONS.closeCommitments);
  if (strained) actions.push(ACTIONS.ownShare);
  if (has('silent')) actions.push(ACTIONS.reachOut);
  if (strained || has('silent')) actions.push(ACTIONS.askImprove);
  if (serious) actions.push(ACTIONS.anotherMember);
  if (has('declining', 'low-score') || assessment.level === 'critical') actions.push(ACTIONS.switchMember);
  if (has('renewal-near', 'warning-words')) actions.push(ACTIONS.remindValue);
  for (const filler of [ACTIONS.askImprove, ACTIONS.remindValue, ACTIONS.anotherMember]) {
    if (actions.length >= 3) break;
    if (!actions.includes(filler)) actions.push(filler);
  }
  return actions.slice(0, 5);
}
