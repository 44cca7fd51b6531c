// The table's stream as the risk engine sees it: the entities whose new images it weighs (an
// account for its contacts and renewal date, a commitment for being done). The stack's
// event source mapping filters on these (lib/partner-pulse-stack.ts) and the handler checks them
// again (functions/handlers/risk-stream.ts), since the local stream poller does not filter.
import { ENTITIES } from './table.ts';

export const RISK_ENTITIES = [ENTITIES.score, ENTITIES.signal, ENTITIES.account, ENTITIES.commitment] as const;

export type RiskEntity = (typeof RISK_ENTITIES)[number];

export function isRiskEntity(entity: string): entity is RiskEntity {
  return (RISK_ENTITIES as readonly string[]).includes(entity);
}

/** Retries of a stream batch that failed, before it goes to the failure queue (the stack's mapping, and the local poller). */
export const STREAM_RETRY_ATTEMPTS = 5;
