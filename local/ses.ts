// The SES side of the local cloud: the aws-ses-v2-local emulator (its inbox page shows every email),
// behind a small relay that keeps each raw message exactly as sent. The emulator rebuilds the
// messages it stores and drops their custom headers (List-Unsubscribe, the calendar part's method),
// so tests, SpamAssassin and mail clients read the kept copy at GET /local/mail/{messageId}.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { SesRefusal } from './faults.ts';

// The emulator is CommonJS with `exports.default`: require gives the function without interop guesswork.
const startSesEmulator = (createRequire(import.meta.url)('aws-ses-v2-local') as {
  default: (config: { host: string; port: number }) => Promise<Server>;
}).default;

export interface LocalSes {
  /** The emulator: inbox page at `/`, JSON at `/store`. */
  readonly inboxUrl: string;
  /** Where the handlers' SES client sends (AWS_ENDPOINT_URL_SES). */
  readonly endpoint: string;
  /** The raw message as sent, or undefined. */
  rawMessage(messageId: string): Buffer | undefined;
  /** The message tags it was sent with (what SES puts in its bounce and complaint events). */
  messageTags(messageId: string): Record<string, string[]> | undefined;
  /** Every message kept, newest first: they outlive restarts, unlike the emulator's own inbox. */
  messages(): KeptMessage[];
  stop(): Promise<void>;
}

/** One kept message, as the inbox lists it. */
export interface KeptMessage {
  id: string;
  to: string[];
  subject: string;
  /** The Date header: the (virtual) time it was sent. */
  date: string;
  /** What the email is (agenda, survey, reminder, alert, digest, invitation…), from its send key. */
  kind: string;
  /** Real time it was kept, to order messages sent at the same virtual moment. */
  keptAt: number;
}

export interface LocalSesOptions {
  port: number;
  /** Folder for the kept messages. */
  mailDir: string;
  /** Runs for every email accepted, before the sender hears back (SES's Send event). */
  onAccepted?: (messageId: string, tags: Record<string, string[]>) => Promise<void>;
  /** An SES error to answer this send with instead of accepting it (an injected fault). */
  refuse?: () => SesRefusal | undefined;
}

/** What SES says, in its own words, when it does not accept a send. */
const REFUSALS: Record<SesRefusal, string> = {
  Throttling: 'Maximum sending rate exceeded.',
};

const refusal = (code: SesRefusal) =>
  `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${REFUSALS[code]}</Message></Error><RequestId>local-${code}</RequestId></ErrorResponse>`;

const MESSAGE_ID = /^[A-Za-z0-9._-]{1,200}$/;

export async function startLocalSes(options: LocalSesOptions): Promise<LocalSes> {
  mkdirSync(options.mailDir, { recursive: true });
  const emulator = await startSesEmulator({ host: '127.0.0.1', port: options.port });
  const inboxUrl = `http://127.0.0.1:${options.port}`;

  const relay = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const refused = isSend(body) ? options.refuse?.() : undefined;
      if (refused) {
        response.writeHead(400, { 'content-type': 'text/xml' });
        response.end(refusal(refused));
        return;
      }
      forward(inboxUrl, request.method ?? 'POST', request.url ?? '/', request.headers, body)
        .then(async ({ status, contentType, text }) => {
          const accepted = keepRawMessage(options.mailDir, body, text);
          if (accepted) await options.onAccepted?.(accepted.messageId, accepted.tags);
          response.writeHead(status, { 'content-type': contentType });
          response.end(text);
        })
        .catch((error: unknown) => {
          response.writeHead(502, { 'content-type': 'text/plain' });
          response.end(`SES emulator unreachable: ${String(error)}`);
        });
    });
  });
  const endpoint = await listen(relay);

  return {
    inboxUrl,
    endpoint,
    rawMessage(messageId) {
      if (!MESSAGE_ID.test(messageId)) return undefined;
      const file = join(options.mailDir, `${messageId}.eml`);
      return existsSync(file) ? readFileSync(file) : undefined;
    },
    messages() {
      return listKept(options.mailDir);
    },
    messageTags(messageId) {
      if (!MESSAGE_ID.test(messageId)) return undefined;
      const file = join(options.mailDir, `${messageId}.tags.json`);
      return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[]>) : undefined;
    },
    async stop() {
      await Promise.all([close(relay), close(emulator)]);
    },
  };
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'expect']);

async function forward(base: string, method: string, path: string, incoming: IncomingHttpHeaders, body: Buffer) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const answer = await fetch(new URL(path, base), {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: new Uint8Array(body) }),
  });
  return { status: answer.status, contentType: answer.headers.get('content-type') ?? 'text/xml', text: await answer.text() };
}

function isSend(requestBody: Buffer): boolean {
  const action = new URLSearchParams(requestBody.toString('utf8')).get('Action');
  return action === 'SendRawEmail' || action === 'SendEmail';
}

/** For a SendRawEmail the emulator accepted, writes the message as it was sent under its message id. */
function keepRawMessage(mailDir: string, requestBody: Buffer, responseText: string) {
  const form = new URLSearchParams(requestBody.toString('utf8'));
  const data = form.get('RawMessage.Data');
  const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(responseText)?.[1];
  if (form.get('Action') !== 'SendRawEmail' || !data || !messageId || !MESSAGE_ID.test(messageId)) return undefined;
  writeFileSync(join(mailDir, `${messageId}.eml`), Buffer.from(data, 'base64'));
  const tags: Record<string, string[]> = {};
  for (let n = 1; form.has(`Tags.member.${n}.Name`); n++) {
    tags[form.get(`Tags.member.${n}.Name`) ?? ''] = [form.get(`Tags.member.${n}.Value`) ?? ''];
  }
  writeFileSync(join(mailDir, `${messageId}.tags.json`), JSON.stringify(tags));
  writeFileSync(join(mailDir, `${messageId}.meta.json`), JSON.stringify(describeKept(messageId, Buffer.from(data, 'base64'), tags)));
  return { messageId, tags };
}

function listKept(mailDir: string): KeptMessage[] {
  const kept: KeptMessage[] = [];
  for (const file of readdirSync(mailDir)) {
    const messageId = file.endsWith('.eml') ? file.slice(0, -4) : undefined;
    if (!messageId || !MESSAGE_ID.test(messageId)) continue;
    const metaFile = join(mailDir, `${messageId}.meta.json`);
    if (existsSync(metaFile)) {
      kept.push(JSON.parse(readFileSync(metaFile, 'utf8')) as KeptMessage);
      continue;
    }
    // Kept before messages were described: described once now, from the message and its tags.
    const tagsFile = join(mailDir, `${messageId}.tags.json`);
    const tags = existsSync(tagsFile) ? (JSON.parse(readFileSync(tagsFile, 'utf8')) as Record<string, string[]>) : {};
    const meta = describeKept(messageId, readFileSync(join(mailDir, file)), tags, 0);
    writeFileSync(metaFile, JSON.stringify(meta));
    kept.push(meta);
  }
  return kept.sort((a, b) => b.date.localeCompare(a.date) || b.keptAt - a.keptAt);
}

export function describeKept(id: string, raw: Buffer, tags: Record<string, string[]>, keptAt = Date.now()): KeptMessage {
  const head = raw.toString('utf8').split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded)?.[1]?.trim() ?? '';
  const date = new Date(header('Date'));
  const to = decodeWords(header('To'))
    // A comma inside a quoted display name ("Shah, Priya") does not separate addresses.
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((address) => address.trim())
    .filter(Boolean);
  return {
    id,
    to,
    subject: decodeWords(header('Subject')),
    date: Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString(),
    kind: kindOf(tags),
    keptAt,
  };
}

/** The kind of email is the first part of its send key (`agenda#…`, `survey#…`), a message tag. */
function kindOf(tags: Record<string, string[]>): string {
  const value = tags.send?.[0];
  if (!value || !/^[A-Za-z0-9_-]+$/.test(value)) return 'other';
  return Buffer.from(value, 'base64url').toString('utf8').split('#')[0] || 'other';
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=), as MailComposer writes non-ASCII headers. */
export function decodeWords(text: string): string {
  return text
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset: string, encoding: string, data: string) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64')
          : Buffer.from(
              data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              'latin1',
            );
      return new TextDecoder(charset.toLowerCase() === 'utf-8' ? 'utf-8' : charset).decode(bytes);
    });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}
