// A manager's "I'm on it" link of an alert: GET shows the alert and a button; POST records who took
// it, which stops the alert climbing the ladder.
import { verifyLink, type Refused } from './links.ts';
import type { Clock, Keys, Uses } from './ports.ts';

export type AcknowledgeResult =
  | Refused
  /** The account or the alert no longer exists. */
  | { kind: 'closed' }
  | { kind: 'ask'; accountName: string; reasons: string[] }
  | { kind: 'acknowledged'; accountName: string; reasons: string[]; by: string };

export type AcknowledgePorts = Keys & Clock & Uses<{ accounts: 'get'; alerts: 'get' | 'save' }>;

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
  await ports.alerts.save({ ...alert, acknowledgedAt: ports.now().toISOString(), acknowledgedBy: contact });
  return { kind: 'acknowledged', ...shown, by: contact };
}
