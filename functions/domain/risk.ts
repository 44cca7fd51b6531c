// The risk engine's rules, in one place for the callers: the rules table and its overrides
// (risk-rules.ts), the evaluation and when a change deserves an alert (risk-assessment.ts), the
// signals and what ends them (risk-signals.ts), the alert ladder (ladder.ts), and the suggested
// actions (risk-actions.ts).
export { DEFAULT_RISK_RULES, riskRulesFrom, type RiskRules } from './risk-rules.ts';
export {
  assessRisk,
  daysToRenewal,
  levelRank,
  maxLevel,
  REASON_CODES,
  riskChange,
  type ReasonCode,
  type RiskAssessment,
  type RiskChangeKind,
  type RiskInput,
  type RiskReason,
} from './risk-assessment.ts';
export { liveSignals, SIGNAL_MAX_AGE_DAYS, SIGNAL_RULES, type ContactFacts, type SignalFacts } from './risk-signals.ts';
export {
  alertIdentity,
  alertWorthy,
  alertRecipients,
  CLIMB_BUSINESS_DAYS,
  executiveHears,
  MAX_RUNG,
  OPERATIONS_MANAGER_DAYS,
  urgentEnough,
  type ExecutiveQuestion,
} from './ladder.ts';
export { businessDaysLater, nextBusinessMoment } from './business-time.ts';
export { suggestedActions } from './risk-actions.ts';
export { warningPattern } from './phrases.ts';
