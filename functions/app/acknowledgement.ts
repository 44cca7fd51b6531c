// A manager's "I'm on it" link of an alert: GET shows the alert and a button; POST records who took
// it, which stops the alert climbing the ladder. The record is a conditional update of the
// acknowledgement alone: a climb or a second click at the same moment can neither lose nor replace it.
import { verifyLink, type Refused } from './links.ts';
import type { Clock, Keys, Uses } from './ports.ts';

export type AcknowledgeResult =
  | Refused
  /** The account or the alert no longer exists. */
  | { kind: 'closed' }
  | { kind: 'ask'; accountName: string; reasons: string[] }
  | { kind: 'acknowledged'; accountName: string; reasons: string[]; by: string };

export type AcknowledgePorts = Keys & Clock & Uses<{ accounts: 'get'; alerts: 'get' | 'acknowledge' }>;

export async function acknowledge(ports: AcknowledgePorts, token: string, method: 'GET' | 'HEAD' | 'POST'): Promise<AcknowledgeResult> {
  const verified = await verifyLink(ports, token, 'acknowledge');
  if (verified.kind === 'refused') return verified;
  const { accountId, subject, contact } = verified.claims;
  const [createdAt = '', id = ''] = subject.split('|');
  const [account, alert] = await Promise.all([ports.accounts.get(accountId), ports.alerts.get(accountId, createdAt, id)]);
  if (!account || !alert) return { kind: 'closed' };
  const shown = { accountName: account.name, reasons: alert.reasons };
  if (alert.acknowledgedAt) return { kind: 'acknowledged', ...shown, by: alert.acknowledgedBy ?? contact };
  if (method !== 'POST') return { kind: 'ask', ...shown };
  const after = await ports.alerts.acknowledge(alert, contact, ports.now().toISOString());
  if (!after) return { kind: 'closed' };
  // Whoever clicked first is the one who took it.
  return { kind: 'acknowledged', ...shown, by: after.acknowledgedBy ?? contact };
}
