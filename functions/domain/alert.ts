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
  /** Set when the alert climbed to its reader: how long it waited, since when, and who had it. */
  climb?: { businessDays: number; since: string; toldBefore: readonly string[] } | undefined;
}

export interface AlertContent {
  subject: string;
  title: string;
  intro: string;
  /** Said only once the alert has climbed past its first rung. */
  escalation: string[];
  words: string[];
  openCommitments: string[];
  /** The customer's people to call: name, role, email. */
  contacts: string[];
}

export function alertContent(input: AlertFacts): AlertContent {
  const { account } = input;
  const level = LEVEL_WORDS[input.level];
  const renewal =
    input.daysToRenewal >= 0
      ? `Renewal in ${input.daysToRenewal} days (${account.renewalDate}); ${dollars(account.monthlyValue)} a month at stake.`
      : `The renewal date (${account.renewalDate}) has passed; ${dollars(account.monthlyValue)} a month at stake.`;
  const { climb } = input;
  const waited = climb ? `${climb.businessDays} business ${climb.businessDays === 1 ? 'day' : 'days'} without a response` : '';
  return {
    subject: climb
      ? `Escalated to you: ${account.name}, ${waited}`
      : `${input.level === 'critical' ? 'Critical' : 'Renewal risk'}: ${account.name} is ${level}`,
    title: `${account.name} is ${level}`,
    intro: `${account.name} is now ${level}. ${renewal}`,
    escalation: climb
      ? [
          `This alert went to ${names(climb.toldBefore)} on ${shortDate(climb.since, account.timezone)}; no one has said “I'm on it” in ${waited.replace(' without a response', '')}, so it now comes to you.`,
        ]
      : [],
    words: input.comments.map((c) => `“${c.text}” — ${c.author}`),
    contacts: account.contacts
      .filter((c) => c.status !== 'unsubscribed')
      .map(
        (c) =>
          `${c.name}${c.role ? `, ${c.role}` : ''}${c.decisionMaker ? ' (decision-maker)' : ''}: ${c.email}${c.status === 'bounced' ? ' (this address bounces)' : ''}`,
      ),
    openCommitments: input.commitments.map(
      (c) => `${c.request} (owner ${c.owner.name}, since ${shortDate(c.createdAt, account.timezone)})`,
    ),
  };
}

function names(people: readonly string[]): string {
  if (people.length === 0) return 'the account team';
  if (people.length === 1) return people[0]!;
  return `${people.slice(0, -1).join(', ')} and ${people.at(-1)}`;
}
