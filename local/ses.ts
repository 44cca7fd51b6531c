// The SES side of the local cloud: the aws-ses-v2-local emulator (its inbox page shows every email),
// behind a small relay that keeps each raw message exactly as sent. The emulator rebuilds the
// messages it stores and drops their custom headers (List-Unsubscribe, the calendar part's method),
// so tests, SpamAssassin and mail clients read the kept copy at GET /local/mail/{messageId}.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

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
  stop(): Promise<void>;
}

export interface LocalSesOptions {
  port: number;
  /** Folder for the kept messages. */
  mailDir: string;
  /** Runs for every email accepted, before the sender hears back (SES's Send event). */
  onAccepted?: (messageId: string, tags: Record<string, string[]>) => Promise<void>;
  /** True to answer this send with SES's Throttling error instead (an injected fault). */
  throttle?: () => boolean;
}

/** What SES answers when a sender exceeds its sending rate. */
const THROTTLING = `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Maximum sending rate exceeded.</Message></Error><RequestId>local-throttling</RequestId></ErrorResponse>`;

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
      if (isSend(body) && options.throttle?.()) {
        response.writeHead(400, { 'content-type': 'text/xml' });
        response.end(THROTTLING);
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
  return { messageId, tags };
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
