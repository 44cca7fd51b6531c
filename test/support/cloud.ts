// The local cloud in this test process: in memory, on free ports, with a frozen clock and no demo.
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../local/cloud.ts';
import { freePort } from './free-port.ts';

export async function startTestCloud(options: Partial<LocalCloudOptions> = {}): Promise<LocalCloud> {
  return startLocalCloud({
    memory: true,
    noDemo: true,
    tick: false,
    clockStart: new Date('2026-11-23T12:00:00Z'),
    ports: { api: await freePort(), ses: await freePort(), dynamodb: await freePort(), scheduler: await freePort() },
    ...options,
  });
}

export interface StoredEmail {
  messageId: string;
  subject: string;
  destination: { to: string[]; cc: string[] };
  body: { text?: string; html?: string };
  attachments: { contentType: string; content: string }[];
}

/** The emails the SES emulator holds, oldest first. */
export async function inbox(cloud: LocalCloud): Promise<StoredEmail[]> {
  const response = await fetch(`${cloud.urls.inbox}/store`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

export async function clearInbox(cloud: LocalCloud): Promise<void> {
  await fetch(`${cloud.urls.inbox}/clear-store`, { method: 'POST' });
}

/** The message exactly as sent (headers and calendar part intact). */
export async function rawMessage(cloud: LocalCloud, messageId: string): Promise<string> {
  const response = await fetch(`${cloud.urls.api}/local/mail/${messageId}`);
  if (!response.ok) throw new Error(`no raw message ${messageId}: ${response.status}`);
  return response.text();
}

export async function api<T = unknown>(cloud: LocalCloud, method: string, path: string, body?: unknown) {
  const response = await fetch(`${cloud.urls.api}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
