// The risk rules as data: every threshold the risk engine and the alert ladder read, their defaults,
// applied to the overrides a deployment sets (`riskRules` / RISK_RULES), whose schema is in
// functions/contract/risk-rules.ts so that synth checks them too.
import { RiskRulesOverrides } from '#contract/risk-rules.ts';
import { InvalidInput, parseInput } from './errors.ts';

export interface RiskRules {
  /** Points on 0–100 the latest cycle may fall below the one before it before the account is on watch. */
  dropWatch: number;
  /** The same, for at-risk. */
  dropAtRisk: number;
  /** A latest cycle at or below this (0–100) is at-risk. */
  lowScore: number;
  /** This many cycles in a row, each lower than the one before it, is at-risk (needs one cycle more). */
  decliningCycles: number;
  /** This many most recent held meetings in a row whose survey closed without any answer is watch (at least 2: one missed survey is no silence). */
  silentCycles: number;
  /** Silence over this many meetings in a row is at-risk, for an account that used to answer (see `answeredCyclesForSilence`). */
  silentAtRiskCycles: number;
  /** An account with fewer meetings answered than this cannot rise above watch on silence alone: quiet is its habit, not a change. */
  answeredCyclesForSilence: number;
  /** A held meeting's survey is closed this many days after the meeting. */
  surveyWindowDays: number;
  /** At-risk with the renewal within this many days is critical. */
  criticalRenewalDays: number;
  /** An open commitment older than this many days is watch. */
  overdueCommitmentDays: number;
  /** Whole words (with their inflections) or phrases that, in the latest cycle's comments, put the account on watch. */
  warningWords: string[];
  /**
   * A monthly contract value (the account's currency) at or above which an at-risk account near its
   * renewal is the executive's business. Below it the account and operations managers own the save.
   */
  materialMonthlyValue: number;
  /** At-risk with a renewal of material value within this many days reaches the executive at once. */
  executiveRenewalDays: number;
  /** An alert within this many days of the renewal (or critical) goes at once, outside business hours too. */
  urgentRenewalDays: number;
}

export const DEFAULT_RISK_RULES: RiskRules = Object.freeze({
  dropWatch: 20,
  dropAtRisk: 30,
  lowScore: 40,
  decliningCycles: 3,
  silentCycles: 2,
  silentAtRiskCycles: 3,
  answeredCyclesForSilence: 2,
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
  // $2,500 a month is $30,000 a year: for a cleaning company of a few million a year, a contract whose
  // loss shows in the month's revenue and in a crew's jobs. Smaller ones are saved by the managers
  // who run them; the executive hears of them only when critical or when the ladder runs out.
  materialMonthlyValue: 2500,
  executiveRenewalDays: 30,
  urgentRenewalDays: 14,
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
  if (rules.silentAtRiskCycles < rules.silentCycles) {
    throw new InvalidInput([
      parsed.silentAtRiskCycles === undefined
        ? { field: 'silentCycles', message: `must not be above silentAtRiskCycles (${rules.silentAtRiskCycles})` }
        : { field: 'silentAtRiskCycles', message: `must not be below silentCycles (${rules.silentCycles})` },
    ]);
  }
  return rules;
}
