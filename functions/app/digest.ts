// The weekly digest: read every account once, work out who manages what, and send each manager
// one digest email. A duplicate or late delivery of the same Monday's schedule sends nothing twice.
import type { DefaultTeam } from '#domain/accounts.ts';
import { computeDigest, DIGEST_WINDOW_DAYS, OVERDUE_COMMITMENT_DAYS, renewsWithin } from '#domain/digest.ts';
import { digestRecipients } from '#domain/digest-recipients.ts';
import { weekOf } from '#domain/week.ts';
import type { Account, Score, SurveyRequest } from '#domain/model.ts';
import type { Sender } from '#domain/sender.ts';
import { sendKeys } from '#contract/send-keys.ts';
import type { RendersWith } from './emails.ts';
import { daysBefore } from './history.ts';
import { managerLink, type ManagerLinkSettings } from './links.ts';
import type { Keys, Uses } from './ports.ts';
import { sendOnce, type SendPorts } from './send-once.ts';

export interface DigestSettings {
  deploymentTimezone: string;
  defaultTeam: DefaultTeam;
  sender: Sender;
  /** Every account the digest names links to its page, signed for the digest's reader. */
  links: ManagerLinkSettings;
}

export type DigestPorts = SendPorts &
  Keys &
  RendersWith<'digest'> &
  Uses<{ accounts: 'list'; scores: 'recent' | 'ofMeetingsSinceInOrder'; surveys: 'ofMeetingsSince'; commitments: 'openCreatedBefore' }>;

export interface DigestOutcome {
  weekOf: string;
  accounts: number;
  sent: string[];
  skipped: string[];
}

// Answers in the trend's earlier window can belong to a meeting held up to a survey link's life
// (30 days by default) before it: read the meetings of the two windows and a margin before them.
const SCORE_LOOKBACK_DAYS = 2 * DIGEST_WINDOW_DAYS + 40;
// A survey goes out hours after its meeting (moved into business hours): requests sent in the
// window belong to meetings at most a few days before it.
const REQUEST_LOOKBACK_DAYS = DIGEST_WINDOW_DAYS + 10;
/** The latest cycle of a 50-contact account fits in one page of this many scores. */
const LATEST_SCORES = 50;
/** Accounts read at the same time. */
const PARALLEL_READS = 8;
/**
 * Tries of one read. The digest reads every account (thousands of calls at a few thousand accounts),
 * and a run fails as a whole: without a second try, one call that failed past the SDK's own retries
 * would cost every manager the week's digest, however often Lambda retried the run.
 */
const READ_TRIES = 3;

/** Sends the digest of the week `scheduledTime` falls in to every manager who has not had it yet. */
export async function sendWeeklyDigest(ports: DigestPorts, settings: DigestSettings, scheduledTime: string): Promise<DigestOutcome> {
  const now = new Date(scheduledTime);
  const monday = weekOf(now, settings.deploymentTimezone).monday;
  const accounts = await tries(() => ports.accounts.list());
  const [perAccount, commitments] = await Promise.all([
    mapLimit(accounts, PARALLEL_READS, (account) => tries(() => readAccount(ports, account, now))),
    tries(() => ports.commitments.openCreatedBefore(daysBefore(now, OVERDUE_COMMITMENT_DAYS))),
  ]);
  const scores = perAccount.flatMap((read) => read.scores);
  const surveyRequests = perAccount.flatMap((read) => read.surveyRequests);
  const byId = new Map(accounts.map((account) => [account.id, account]));

  const outcome: DigestOutcome = { weekOf: monday, accounts: accounts.length, sent: [], skipped: [] };
  const failures: string[] = [];
  for (const recipient of digestRecipients(accounts, settings.defaultTeam)) {
    const digest = computeDigest({
      now,
      timezone: settings.deploymentTimezone,
      scope: recipient.scope,
      accounts: recipient.accountIds.flatMap((id) => byId.get(id) ?? []),
      scores,
      surveyRequests,
      commitments,
    });
    const named = new Set([...digest.attention, ...digest.renewals, ...digest.meetings, ...digest.overdueCommitments].map((item) => item.accountId));
    const links: Record<string, string> = {};
    for (const accountId of named) links[accountId] = await managerLink(ports, settings.links, accountId, recipient.person.email, now);
    const email = ports.render.digest(digest, recipient.person, settings.sender, links);
    // One manager's failed send must not cost the others theirs; the retry sends only what is missing.
    try {
      const result = await sendOnce(ports, sendKeys.digest({ monday, email: recipient.person.email }), email);
      if ('done' in result) outcome.sent.push(recipient.person.email);
      else outcome.skipped.push(recipient.person.email);
    } catch (error) {
      failures.push(`${recipient.person.email}: ${String(error)}`);
    }
  }
  if (failures.length > 0) {
    throw new Error(`the digest of the week of ${monday} failed for ${failures.length} manager(s): ${failures.join('; ')}`);
  }
  return outcome;
}

async function readAccount(ports: DigestPorts, account: Account, now: Date): Promise<{ scores: Score[]; surveyRequests: SurveyRequest[] }> {
  const [recent, surveyRequests] = await Promise.all([
    ports.scores.ofMeetingsSinceInOrder(account.id, daysBefore(now, SCORE_LOOKBACK_DAYS)),
    ports.surveys.ofMeetingsSince(account.id, daysBefore(now, REQUEST_LOOKBACK_DAYS)),
  ]);
  // A renewal shows the last score, which for a quarterly account may be older than the lookback.
  const scores = recent.length === 0 && renewsWithin(account, now) ? await ports.scores.recent(account.id, LATEST_SCORES) : recent;
  return { scores, surveyRequests };
}

/**
 * A read, tried again at once when it fails: reads change nothing, and the SDK has already waited out
 * its back-off. The last failure is thrown.
 */
export async function tries<T>(read: () => Promise<T>, times = READ_TRIES): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= times) throw error;
    }
  }
}

/** `fn` over `items`, at most `limit` at a time, results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
