// What the survey and unsubscribe links do: show the survey, record the customer's answer (or the
// page's provisional signal), unsubscribe. Each returns what happened; the handler renders it.
import { COMMENT_MAX, type Account, type Score, type SurveyRequest } from '#domain/model.ts';
import { classifyComment } from '#domain/comments.ts';
import { provisionalVerdict, SCANNER_RULES } from '#domain/scanner.ts';
import { commentReply } from '#domain/survey.ts';
import type { TokenClaims } from '#domain/tokens.ts';
import { recordCommitment } from './commitments.ts';
import { setContactStatus, type ContactStatusPorts } from './contacts.ts';
import { scoresOfLastCycles } from './history.ts';
import { verifyLink, type Refused } from './links.ts';
import type { Clock, Keys, Uses } from './ports.ts';

export type FormFields = Record<string, string | undefined>;

/** Past scores a contact sees on the survey page. */
export const PAGE_PAST_SCORES = 6;

/** The survey as the contact sees it. */
export interface SurveyShown {
  kind: 'survey';
  account: Account;
  claims: TokenClaims;
  chosen: number | undefined;
  answer: Score | undefined;
  past: Score[];
  saved: boolean;
  /** What the page says back to the comment just sent. */
  reply?: string;
}

/** The meeting's survey is no longer collected (the account or the request is gone). */
export type SurveyClosed = { kind: 'closed' };

export type OpenResult = Refused | SurveyClosed | { kind: 'preview' } | SurveyShown;

export type AnswerResult =
  | Refused
  | SurveyClosed
  | { kind: 'no-score'; scale: number }
  | { kind: 'comment-too-long'; length: number; max: number }
  | { kind: 'provisional'; accepted: boolean }
  | SurveyShown;

type SurveyPorts = Keys & Clock & Uses<{ accounts: 'get'; surveys: 'get' }>;

export type OpenPorts = SurveyPorts & Uses<{ surveys: 'mark' | 'recordClick'; scores: 'ofMeetingsSince' }>;

/** GET (or HEAD, which changes nothing) of a survey link. */
export async function openSurvey(ports: OpenPorts, token: string, query: FormFields, head: boolean): Promise<OpenResult> {
  const context = await surveyContext(ports, token);
  if (context.kind !== 'open') return context;
  const { account, claims } = context;
  const chosen = parseScore(query.score, account.scale);
  const at = ports.now().toISOString();
  if (!head && query.via === 'preview') {
    await ports.surveys.mark(account.id, claims.subject, claims.contact, 'scannerAt', at);
    return { kind: 'preview' };
  }
  // The click is noted while the scores are read. Their window follows from the account's cadence,
  // so the read costs the same at the 2nd meeting and the 50th; that is why the account comes first.
  const [scores] = await Promise.all([
    scoresOfLastCycles(ports.scores, account, new Date(claims.subject), PAGE_PAST_SCORES),
    !head && chosen !== undefined
      ? ports.surveys.recordClick(account.id, claims.subject, claims.contact, { score: chosen, at }, SCANNER_RULES.clicksKept)
      : undefined,
  ]);
  const { answer, past } = contactScores(scores, claims);
  return { kind: 'survey', account, claims, chosen, answer, past, saved: false };
}

export type AnswerPorts = SurveyPorts &
  Uses<{ scores: 'get' | 'save' | 'ofMeetingsSince'; surveys: 'mark'; commitments: 'get' | 'save' | 'of' }>;

/** POST of the survey form: the customer's answer, or the page's provisional signal. */
export async function answerSurvey(ports: AnswerPorts, token: string, form: FormFields): Promise<AnswerResult> {
  const context = await surveyContext(ports, token);
  if (context.kind !== 'open') return context;
  const { account, claims, request } = context;
  const score = parseScore(form.score, account.scale);
  if (score === undefined) return { kind: 'no-score', scale: account.scale };
  const now = ports.now();
  const base = { accountId: account.id, meetingId: claims.subject, contactId: claims.contact, scale: account.scale, score };

  if (form.mode === 'provisional') {
    const verdict = provisionalVerdict(request, score, now);
    const existing = await ports.scores.get(account.id, claims.subject, claims.contact);
    if (verdict.accept && (!existing || existing.provisional)) {
      await ports.scores.save({ ...base, answeredAt: now.toISOString(), provisional: true });
    }
    return { kind: 'provisional', accepted: verdict.accept };
  }

  const comment = (form.comment ?? '').replace(/\r\n/g, '\n').trim();
  if (comment.length > COMMENT_MAX) return { kind: 'comment-too-long', length: comment.length, max: COMMENT_MAX };
  const answer: Score = { ...base, answeredAt: now.toISOString(), provisional: false, ...(comment ? { comment } : {}) };
  await ports.scores.save(answer);
  const [past] = await Promise.all([
    scoresOfLastCycles(ports.scores, account, new Date(claims.subject), PAGE_PAST_SCORES).then((scores) => contactScores(scores, claims).past),
    ports.surveys.mark(account.id, claims.subject, claims.contact, 'answeredAt', answer.answeredAt),
    comment ? recordCommitment(ports, account, claims, comment, now) : undefined,
  ]);
  const reply = comment ? { reply: commentReply(classifyComment(comment).kind, account.team.accountManager.name) } : {};
  return { kind: 'survey', account, claims, chosen: score, answer, past, saved: true, ...reply };
}

async function surveyContext(
  ports: SurveyPorts,
  token: string,
): Promise<Refused | SurveyClosed | { kind: 'open'; claims: TokenClaims; account: Account; request: SurveyRequest }> {
  const verified = await verifyLink(ports, token, 'survey');
  if (verified.kind === 'refused') return verified;
  const { claims } = verified;
  const [account, request] = await Promise.all([
    ports.accounts.get(claims.accountId),
    ports.surveys.get(claims.accountId, claims.subject, claims.contact),
  ]);
  // A contact removed from the account has no say in it any more, whatever links they still hold.
  if (!account || !request || !account.contacts.some((c) => c.id === claims.contact)) return { kind: 'closed' };
  return { kind: 'open', claims, account, request };
}

function parseScore(value: string | undefined, scale: number): number | undefined {
  if (value === undefined || !/^\d{1,2}$/.test(value)) return undefined;
  const score = Number(value);
  return score >= 1 && score <= scale ? score : undefined;
}

/** The contact's answer to this meeting and their scores of the meetings before it. */
function contactScores(scores: readonly Score[], claims: TokenClaims): { answer: Score | undefined; past: Score[] } {
  const mine = scores.filter((s) => s.contactId === claims.contact);
  return {
    answer: mine.find((s) => s.meetingId === claims.subject),
    past: mine.filter((s) => s.meetingId < claims.subject && !s.provisional).slice(0, PAGE_PAST_SCORES),
  };
}

// ---- unsubscribe ---------------------------------------------------------------------------

export type UnsubscribeResult =
  | Refused
  /** The contact or account is gone: nothing more will reach the address anyway. */
  | { kind: 'gone' }
  /** The confirmation (or, when already unsubscribed, the same page saying so) with its button. */
  | { kind: 'confirm'; email: string; done: boolean }
  | { kind: 'unsubscribed'; email: string };

export type UnsubscribePorts = Keys & ContactStatusPorts;

/** GET shows a confirmation; POST (the button, or a mail client's one-click) unsubscribes. */
export async function unsubscribe(ports: UnsubscribePorts, token: string, method: 'GET' | 'HEAD' | 'POST'): Promise<UnsubscribeResult> {
  const verified = await verifyLink(ports, token, 'unsubscribe');
  if (verified.kind === 'refused') return verified;
  const { claims } = verified;
  const account = await ports.accounts.get(claims.accountId);
  const contact = account?.contacts.find((c) => c.id === claims.contact);
  if (!account || !contact) return { kind: 'gone' };
  const done = contact.status === 'unsubscribed';
  if (method !== 'POST' || done) return { kind: 'confirm', email: contact.email, done };
  await setContactStatus(ports, account.id, contact.id, 'unsubscribed');
  return { kind: 'unsubscribed', email: contact.email };
}
