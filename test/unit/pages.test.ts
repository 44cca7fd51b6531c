// What each result of the customers' links looks like: its status code and title (functions/handlers/pages.ts).
import { describe, expect, it } from 'vitest';
import type { AcknowledgeResult } from '#app/acknowledgement.ts';
import type { AnswerResult, OpenResult, UnsubscribeResult } from '#app/answers.ts';
import type { Account } from '#domain/model.ts';
import { acknowledgeResultPage, surveyResultPage, unsubscribeResultPage } from '#handlers/pages.ts';

const settings = { companyName: 'Sparkle', tokenTtlDays: 30 };
const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
const account = {
  id: 'harbor',
  name: 'Harbor Medical Plaza',
  scale: 5,
  timezone: 'America/Chicago',
  cadence: { every: 'month', week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60 },
} as Account;
const claims = { purpose: 'survey', accountId: 'harbor', subject: '2027-01-12T16:00:00Z', contact: 'c1', expiresAt: 1_800_000_000 } as const;

describe('the survey link', () => {
  it.each<[string, OpenResult | AnswerResult, number, string]>([
    ['an expired link', { kind: 'refused', reason: 'expired', purpose: 'survey' }, 410, 'This link has expired'],
    ['a tampered link', { kind: 'refused', reason: 'bad-signature', purpose: 'survey' }, 400, ''],
    ['a closed survey', { kind: 'closed' }, 404, 'This survey is closed'],
    ["a scanner's preview", { kind: 'preview' }, 200, 'Thank you'],
    ['an answer without a score', { kind: 'no-score', scale: 5 }, 400, 'Please choose a score'],
    ['a comment too long', { kind: 'comment-too-long', length: 2001, max: 2000 }, 400, 'Your comment is too long'],
    ['a provisional score', { kind: 'provisional', accepted: true }, 202, 'Noted'],
    ['the survey', { kind: 'survey', account, claims, chosen: 4, answer: undefined, past: [], saved: false }, 200, 'How are we doing at Harbor Medical Plaza?'],
  ])('%s', (_name, result, status, heading) => {
    const page = surveyResultPage(result, 'tok', settings);

    expect(page.status).toBe(status);
    if (heading) expect(title(page.html)).toBe(heading);
  });
});

describe('the unsubscribe link', () => {
  it.each<[string, UnsubscribeResult, number, string | undefined]>([
    ['an expired link', { kind: 'refused', reason: 'expired', purpose: 'unsubscribe' }, 410, undefined],
    ['a contact who is gone', { kind: 'gone' }, 200, 'You are unsubscribed'],
    ['the confirmation', { kind: 'confirm', email: 'pat@harbor.example', done: false }, 200, '/u/tok'],
    ['done', { kind: 'unsubscribed', email: 'pat@harbor.example' }, 200, undefined],
  ])('%s', (_name, result, status, contains) => {
    const page = unsubscribeResultPage(result, 'tok', settings);

    expect(page.status).toBe(status);
    if (contains) expect(page.html).toContain(contains);
  });
});

describe('the acknowledgement link', () => {
  it.each<[string, AcknowledgeResult, number, string | undefined]>([
    ['a malformed link', { kind: 'refused', reason: 'malformed', purpose: 'acknowledge' }, 400, undefined],
    ['a closed alert', { kind: 'closed' }, 404, 'This alert is closed'],
    ['the question', { kind: 'ask', accountName: 'Harbor', reasons: ['scores fell'] }, 200, '/a/tok'],
    ['taken', { kind: 'acknowledged', accountName: 'Harbor', reasons: ['scores fell'], by: 'kim@sparkle.example' }, 200, 'kim@sparkle.example is on it'],
  ])('%s', (_name, result, status, contains) => {
    const page = acknowledgeResultPage(result, 'tok', settings);

    expect(page.status).toBe(status);
    if (contains) expect(page.html).toContain(contains);
  });
});
