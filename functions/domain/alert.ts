// What a renewal-risk alert says, as data: the level in words, the renewal at stake, the escalation
// and the customer's own words. render/alert.ts lays it out as the email.
import { dollars, shortDate } from './format.ts';
import type { Account, Commitment, RiskLevel } from './model.ts';

export const LEVEL_WORDS: Record<RiskLevel, string> = {
  healthy: 'healthy',
  watch: 'on watch',
  'at-risk': 'at risk',
  critical: 'critical',
};

export interface AlertFacts {
  account: Account;
  level: RiskLevel;
  /** The customer's own words from the latest answers. */
  comments: readonly { author: string; text: string }[];
  commitments: readonly Commitment[];
  daysToRenewal: number;
  rung: number;
}

export interface AlertContent {
  subject: string;
  title: string;
  intro: string;
  /** Said only once the alert has climbed past its first rung. */
  escalation: string[];
  words: string[];
  openCommitments: string[];
}

export function alertContent(input: AlertFacts): AlertContent {
  const { account } = input;
  const level = LEVEL_WORDS[input.level];
  const renewal =
    input.daysToRenewal >= 0
      ? `Renewal in ${input.daysToRenewal} days (${account.renewalDate}); ${dollars(account.monthlyValue)} a month at stake.`
      : `The renewal date (${account.renewalDate}) has passed; ${dollars(account.monthlyValue)} a month at stake.`;
  return {
    subject: `${input.level === 'critical' ? 'Critical' : 'Renewal risk'}: ${account.name} is ${level}`,
    title: `${account.name} is ${level}`,
    intro: `${account.name} is now ${level}. ${renewal}`,
    escalation: input.rung > 0 ? [`No one has acknowledged this alert yet, so it now also goes to you.`] : [],
    words: input.comments.map((c) => `“${c.text}” — ${c.author}`),
    openCommitments: input.commitments.map(
      (c) => `${c.request} (owner ${c.owner.name}, since ${shortDate(c.createdAt, account.timezone)})`,
    ),
  };
}
