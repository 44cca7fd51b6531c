// The alert ladder: who hears of an account's risk, when the executive does, which alerts may go at
// once rather than in business hours, and what makes two alerts the same alert.
import type { DefaultTeam } from './accounts.ts';
import { resolveTeam } from './accounts.ts';
import type { Account, Person, RiskLevel } from './model.ts';
import {
  daysToRenewal,
  levelRank,
  REASON_CODES,
  renewalWithin,
  type ReasonCode,
  type RiskAssessment,
  type RiskReason,
} from './risk-assessment.ts';
import { DEFAULT_RISK_RULES, type RiskRules } from './risk-rules.ts';

export const MAX_RUNG = 2;
/** Renewal within this many days adds the operations manager at rung 0. */
export const OPERATIONS_MANAGER_DAYS = 90;
/** An alert not acknowledged within this many business days climbs one rung. */
export const CLIMB_BUSINESS_DAYS = 3;

/** Reasons that, alone, never bring the executive by climbing: silence is the account manager's call to make. */
const NEVER_THE_EXECUTIVE_ALONE: ReadonlySet<ReasonCode> = new Set(['silent']);

export interface ExecutiveQuestion {
  level: RiskLevel;
  /** The alert's reason codes, when known; without them the ladder alone decides. */
  reasons?: readonly ReasonCode[] | undefined;
  daysToRenewal: number;
  monthlyValue: number;
  /** 2 once both lower rungs went unacknowledged: the ladder has run out. */
  rung: 0 | 1 | 2;
  rules?: RiskRules | undefined;
}

/**
 * The executive hears of an account only when it is critical; or at risk within
 * `executiveRenewalDays` of a renewal worth `materialMonthlyValue` a month or more; or when the
 * ladder has run out (rung 2) on an account at risk within `executiveRenewalDays` of its renewal,
 * whatever its value — never for a watch, nor for silence alone. Far from the renewal the operations
 * manager owns an unanswered alert.
 */
export function executiveHears(question: ExecutiveQuestion): boolean {
  const rules = question.rules ?? DEFAULT_RISK_RULES;
  const { level, reasons } = question;
  if (level === 'critical') return true;
  if (
    levelRank(level) >= levelRank('at-risk') &&
    renewalWithin(question.daysToRenewal, rules.executiveRenewalDays) &&
    question.monthlyValue >= rules.materialMonthlyValue
  ) {
    return true;
  }
  const silenceOnly = reasons !== undefined && reasons.every((code) => NEVER_THE_EXECUTIVE_ALONE.has(code));
  return (
    question.rung >= MAX_RUNG &&
    levelRank(level) >= levelRank('at-risk') &&
    renewalWithin(question.daysToRenewal, rules.executiveRenewalDays) &&
    !silenceOnly
  );
}

/**
 * The alert ladder. Rung 0: supervisor and account manager; plus the operations manager when the
 * renewal is within 90 days; plus the executive when `executiveHears`. Rung 1 adds the operations
 * manager, rung 2 the executive (see `executiveHears`). Missing roles fall back to the deployment's
 * defaults and are skipped when still missing; each address appears once.
 */
export function alertRecipients(input: {
  account: Account;
  defaults: DefaultTeam;
  level: RiskLevel;
  now: Date;
  rung: 0 | 1 | 2;
  reasons?: readonly ReasonCode[] | undefined;
  rules?: RiskRules | undefined;
}): Person[] {
  const { account, defaults, level, now, rung } = input;
  const team = resolveTeam(account, defaults);
  const daysLeft = daysToRenewal(account.renewalDate, now, account.timezone);
  const withOperations = rung >= 1 || renewalWithin(daysLeft, OPERATIONS_MANAGER_DAYS);
  const withExecutive = executiveHears({
    level,
    reasons: input.reasons,
    daysToRenewal: daysLeft,
    monthlyValue: account.monthlyValue,
    rung,
    rules: input.rules,
  });
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

/**
 * Whether a rise to this assessment is worth an email: at risk or worse always; a watch unless every
 * reason is a quiet one (our own overdue commitments, the silence of an account that hardly ever
 * answered), which the weekly digest and the account page carry well enough.
 */
export function alertWorthy(assessment: Pick<RiskAssessment, 'level' | 'reasons'>): boolean {
  if (assessment.level === 'healthy') return false;
  if (levelRank(assessment.level) >= levelRank('at-risk')) return true;
  return assessment.reasons.some((reason) => !reason.quiet);
}

/**
 * Whether an alert may go at once, at night or on a holiday: it is critical, or the renewal is
 * within `urgentRenewalDays`. Every other alert waits for `nextBusinessMoment` of its recipients.
 */
export function urgentEnough(input: { level: RiskLevel; daysToRenewal: number; rules?: RiskRules | undefined }): boolean {
  const rules = input.rules ?? DEFAULT_RISK_RULES;
  if (input.level === 'critical') return true;
  return input.level !== 'healthy' && renewalWithin(input.daysToRenewal, rules.urgentRenewalDays);
}

/**
 * One alert per account for a level and a set of reasons: the same level and reason codes, in any
 * order and however often repeated, give the same key ("at-risk:low-score+warning-words"), so
 * managers are told again only when the level or the set of reasons really changes. The reasons'
 * wording (a score, a date) is left out on purpose: a new number for the same reason is no news.
 */
export function alertIdentity(level: RiskLevel, reasons: readonly (string | Pick<RiskReason, 'code'>)[]): string {
  const codes = [...new Set(reasons.map((reason) => (typeof reason === 'string' ? reason : reason.code)))];
  const order = (code: string) => {
    const index = REASON_CODES.indexOf(code as ReasonCode);
    return index === -1 ? REASON_CODES.length : index;
  };
  codes.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  return `${level}:${codes.join('+')}`;
}
