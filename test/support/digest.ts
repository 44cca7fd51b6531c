// Builders for the digest's tests: a fixed Monday, accounts, answers, requests and commitments.
import { computeDigest, type Digest, type DigestInput } from '#domain/digest.ts';
import type { Account, Commitment, RiskLevel, Score, SurveyRequest } from '#domain/model.ts';
import { buildAccount } from './fixtures.ts';

// Monday 2027-01-04, 07:00 in Chicago (the deployment's timezone).
export const NOW = new Date('2027-01-04T13:00:00.000Z');
export const TZ = 'America/Chicago';
export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export const ago = (days: number, extraMs = 0): string => new Date(NOW.getTime() - days * DAY - extraMs).toISOString();
/** NOW's calendar date in Chicago moved by `days`. */
export const dateIn = (days: number): string => new Date(Date.UTC(2027, 0, 4) + days * DAY).toISOString().slice(0, 10);

export const SENDER = { companyName: 'Sparkle Facility Services', senderEmail: 'digest@sparkle.example', postalAddress: '100 Main Street' };

export function account(json: Record<string, unknown> = {}, state: Partial<Account> = {}): Account {
  return { ...buildAccount(json, NOW), ...state };
}

export function atRisk(level: RiskLevel, reasons: string[] = []): Pick<Account, 'risk'> {
  return { risk: { level, reasons, codes: [] } };
}

export function score(accountId: string, value: number, scale: 5 | 10, answeredAt: string, extra: Partial<Score> = {}): Score {
  return {
    accountId,
    meetingId: new Date(Date.parse(answeredAt) - DAY).toISOString(),
    contactId: `contact-${value}-${answeredAt}`,
    score: value,
    scale,
    answeredAt,
    provisional: false,
    ...extra,
  };
}

export function request(accountId: string, contactId: string, sentAt: string, extra: Partial<SurveyRequest> = {}): SurveyRequest {
  return { accountId, meetingId: '2026-12-20T16:00:00.000Z', contactId, scale: 10, sentAt, clicks: [], ...extra };
}

export function commitment(accountId: string, createdAt: string, extra: Partial<Commitment> = {}): Commitment {
  return {
    id: `k-${createdAt}`,
    accountId,
    request: 'Mop the lobby every night',
    owner: { name: 'Dana Reyes', email: 'dana@sparkle.example' },
    status: 'open',
    createdAt,
    ...extra,
  };
}

export function digestOf(input: Partial<DigestInput>): Digest {
  return computeDigest({ now: NOW, timezone: TZ, scope: 'own', accounts: [], scores: [], surveyRequests: [], commitments: [], ...input });
}
