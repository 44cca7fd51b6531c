// DynamoDB stream: each new answer or risk signal re-evaluates its account's renewal risk, and so
// does what ends a reason: a contact removed or added, the renewal date moved, a commitment done.
// Records are handled in order. An evaluation that fails is handed to a risk-check follow-up a minute
// later (see RiskEngine.checkAgainSoon); only when that fails too is the record reported
// (ReportBatchItemFailures), so the mapping retries from there.
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { isRiskEntity } from '#contract/stream.ts';
import { ENTITIES } from '#contract/table.ts';
import { RiskEngine } from '#app/risk.ts';
import { log, withRequestIds } from './log.ts';
import { renderAlert, renderRecovery } from '#render/alert.ts';
import { keys } from './wiring/keys.ts';
import { mailer } from './wiring/mailer.ts';
import { basePorts } from './wiring/ports.ts';
import { scheduler } from './wiring/scheduler.ts';
import { riskSettings } from './wiring/settings.ts';

const risk = new RiskEngine({ ...basePorts(), mailer: mailer(), scheduler: scheduler(), keys: keys(), render: { alert: renderAlert, recovery: renderRecovery } }, riskSettings());

/** The account a record concerns, when it is one the risk engine weighs. */
export function accountToEvaluate(record: DynamoDBRecord): string | undefined {
  if (record.eventName === 'REMOVE') return undefined;
  const image = record.dynamodb?.NewImage;
  const entity = image?.entity?.S;
  // An account's own item names it by its id; every other item by the account it belongs to.
  const accountId = entity === ENTITIES.account ? image?.id?.S : image?.accountId?.S;
  if (!entity || !isRiskEntity(entity) || !accountId) return undefined;
  const old = record.dynamodb?.OldImage;
  if (!old) return entity === ENTITIES.account ? undefined : accountId;
  const same = (attribute: string) => JSON.stringify(old[attribute]) === JSON.stringify(image[attribute]);
  // The engine's own write of the level, and edits of what it does not weigh, change nothing.
  if (entity === ENTITIES.account) return same('contacts') && same('renewalDate') ? undefined : accountId;
  if (entity === ENTITIES.commitment) return same('status') ? undefined : accountId;
  // A click confirmed with the same score is news now: a provisional click weighs nothing.
  if (entity === ENTITIES.score && same('score') && same('comment') && same('provisional')) return undefined;
  return accountId;
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(withRequestIds())
  .handler(async (event) => {
    const done = new Set<string>();
    for (const record of event.Records) {
      const accountId = accountToEvaluate(record);
      // One evaluation per account and batch: it reads the account's whole recent state anyway.
      if (!accountId || done.has(accountId)) continue;
      try {
        const outcome = await risk.evaluate(accountId);
        done.add(accountId);
        log.info('risk evaluated', { accountId, ...outcome });
      } catch (error) {
        log.error('risk evaluation failed', error, { accountId });
        try {
          await risk.checkAgainSoon(accountId);
          done.add(accountId);
          log.info('risk evaluation handed to a risk check in a minute', { accountId });
        } catch (handover) {
          log.error('risk evaluation could not be handed over; the stream retries it', handover, { accountId });
          return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
        }
      }
    }
    return { batchItemFailures: [] };
  });
