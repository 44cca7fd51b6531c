// What the manager should do next, from the practice, chosen by the risk's reasons.
import { levelRank, type ReasonCode, type RiskAssessment } from './risk-assessment.ts';

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
