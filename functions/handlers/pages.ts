// The customers' pages: what the use cases of the links returned (#app/answers.ts,
// #app/acknowledgement.ts), as pages and status codes through functions/render/pages.ts.
import type { AcknowledgeResult } from '#app/acknowledgement.ts';
import type { AnswerResult, OpenResult, SurveyShown, UnsubscribeResult } from '#app/answers.ts';
import type { Refused } from '#app/links.ts';
import { shortDate } from '#domain/format.ts';
import { COMMENT_MAX } from '#domain/model.ts';
import { followUpQuestion, scoreQuestion } from '#domain/survey.ts';
import { describeTokenFailure, linkLifeDays } from '#domain/tokens.ts';
import { acknowledgePage, messagePage, PAGE_HEADERS, surveyPage, unsubscribePage, type Page } from '#render/pages.ts';
import type { ErrorAnswers, HttpResult } from './http.ts';

export interface PageSettings {
  companyName: string;
  tokenTtlDays: number;
}

export function respond(page: Page, head = false): HttpResult {
  return { statusCode: page.status, headers: PAGE_HEADERS, body: head ? '' : page.html };
}

const NOT_FOUND = () => messagePage(404, 'Page not found', ['This address does not exist.']);

/** Errors on the customers' pages: a page, never JSON, and nothing of an unexpected error. */
export const PAGE_ANSWERS: ErrorAnswers = {
  known: (status, error) =>
    respond(
      status === 404
        ? NOT_FOUND()
        : messagePage(status, status === 413 ? 'What you sent is too long' : 'This link cannot be used', [error.message]),
    ),
  unexpected: () => respond(messagePage(500, 'Something went wrong', ['Please try the link again in a minute.'])),
};

/** A link that does not verify, whichever page it is for: expired is 410 (Gone), the rest 400. */
export function refusedPage(refused: Refused, settings: PageSettings): Page {
  const text = describeTokenFailure(refused.reason, {
    ttlDays: linkLifeDays(refused.purpose, settings.tokenTtlDays),
    purpose: refused.purpose,
  });
  return messagePage(refused.reason === 'expired' ? 410 : 400, text.title, [text.message]);
}

const SURVEY_CLOSED = () =>
  messagePage(404, 'This survey is closed', ['We no longer collect answers for this meeting. Thank you all the same.']);

export function surveyResultPage(result: OpenResult | AnswerResult, token: string, settings: PageSettings): Page {
  switch (result.kind) {
    case 'refused':
      return refusedPage(result, settings);
    case 'closed':
      return SURVEY_CLOSED();
    case 'preview':
      return messagePage(200, 'Thank you', ['Nothing to see here.']);
    case 'no-score':
      return messagePage(400, 'Please choose a score', [`Pick a score from 1 to ${result.scale}, then send your answer again.`]);
    case 'comment-too-long':
      return messagePage(400, 'Your comment is too long', [
        `Please keep it under ${result.max} characters (it has ${result.length}), then send it again.`,
      ]);
    case 'provisional':
      return messagePage(202, 'Noted', [result.accepted ? 'Your score is noted.' : 'Nothing recorded.']);
    case 'survey':
      return shownSurvey(result, token, settings);
  }
}

function shownSurvey({ account, claims, chosen, answer, past, saved, reply }: SurveyShown, token: string, settings: PageSettings): Page {
  return surveyPage({
    action: `/s/${encodeURIComponent(token)}`,
    accountName: account.name,
    companyName: settings.companyName,
    question: scoreQuestion(account),
    followUp: followUpQuestion(account),
    scale: account.scale,
    ...(chosen !== undefined ? { chosen } : {}),
    ...(answer ? { answer: { score: answer.score, provisional: answer.provisional, ...(answer.comment ? { comment: answer.comment } : {}) } } : {}),
    pastScores: past.map((s) => ({ date: shortDate(s.meetingId, account.timezone), score: s.score, scale: s.scale })),
    commentMax: COMMENT_MAX,
    expiresOn: shortDate(new Date(claims.expiresAt * 1000), account.timezone),
    saved,
    ...(reply ? { reply } : {}),
  });
}

export function unsubscribeResultPage(result: UnsubscribeResult, token: string, settings: PageSettings): Page {
  switch (result.kind) {
    case 'refused':
      return refusedPage(result, settings);
    case 'gone':
      return messagePage(200, 'You are unsubscribed', ['This address gets no more survey emails from us.']);
    case 'confirm':
      return unsubscribePage({ action: `/u/${encodeURIComponent(token)}`, email: result.email, companyName: settings.companyName, done: result.done });
    case 'unsubscribed':
      return unsubscribePage({ action: '', email: result.email, companyName: settings.companyName, done: true });
  }
}

export function acknowledgeResultPage(result: AcknowledgeResult, token: string, settings: PageSettings): Page {
  switch (result.kind) {
    case 'refused':
      return refusedPage(result, settings);
    case 'closed':
      return messagePage(404, 'This alert is closed', ['The account or the alert no longer exists.']);
    case 'ask':
      return acknowledgePage({ action: `/a/${encodeURIComponent(token)}`, accountName: result.accountName, reasons: result.reasons });
    case 'acknowledged':
      return acknowledgePage({ action: '', accountName: result.accountName, reasons: result.reasons, acknowledgedBy: result.by });
  }
}
