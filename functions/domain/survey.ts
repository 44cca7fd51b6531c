// What the score survey asks, and the links it carries, as data; render/survey.ts writes the email.
import type { Account } from './model.ts';

export interface SurveyLinks {
  /** The survey page for this contact; `?score=N` is added per button. */
  survey: string;
  unsubscribe: string;
  /** A link no person sees: only scanners follow it. */
  honeypot: string;
}

export function followUpQuestion(account: Account): string {
  return `What can we do in the coming ${account.cadence.every === 'quarter' ? 'months' : 'month'} to improve your score?`;
}

export function scoreQuestion(account: Account): string {
  return `How would you score the quality of our service at ${account.name}, from 1 (poor) to ${account.scale} (excellent)?`;
}

export function scoreLink(links: SurveyLinks, score: number): string {
  return `${links.survey}?score=${score}`;
}
