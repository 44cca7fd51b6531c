// What the score survey asks, and the links it carries, as data; render/survey.ts writes the email.
import type { CommentKind } from './comments.ts';
import type { Account } from './model.ts';

export interface SurveyLinks {
  /** The survey page for this contact; `?score=N` is added per button. */
  survey: string;
  unsubscribe: string;
  /** A link no person sees: only scanners follow it. */
  honeypot: string;
}

/**
 * What the page says back to a comment: thanks for praise; for anything else the account manager's
 * name and what happens next. It never says how the comment was read (a warning is not announced).
 */
export function commentReply(kind: CommentKind, accountManager: string): string {
  if (kind === 'praise') return 'Thank you for the kind words: we will pass them on to the team.';
  if (kind === 'warning') return `Thank you for telling us. ${accountManager} reads every comment and will be in touch.`;
  return `Thank you. ${accountManager} will follow this up and report back at our next meeting.`;
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
