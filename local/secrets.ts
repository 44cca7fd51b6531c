// A small Secrets Manager for the local cloud. It speaks the real awsJson1_1 protocol (POST / with
// X-Amz-Target: secretsmanager.<Operation>), so the handlers' SDK client works against it unchanged
// through AWS_ENDPOINT_URL_SECRETS_MANAGER. Only what the project needs: CreateSecret,
// PutSecretValue, GetSecretValue and DescribeSecret, with the AWSCURRENT and AWSPREVIOUS stages.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { writeFileAtomically } from './files.ts';
import type { AddressInfo } from 'node:net';

import { z } from 'zod';
import { nextKeySetValue, type RotationStep } from '#adapters/secrets.ts';
import { LocalStartError } from './errors.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './functions.ts';

export interface LocalSecretsOptions {
  /** 0 picks any free port. */
  port: number;
  /** JSON file that keeps the secrets between runs (under .pulse/). Without it they live in memory. */
  file?: string;
}

export interface LocalSecrets {
  /** Where the handlers' Secrets Manager client sends (AWS_ENDPOINT_URL_SECRETS_MANAGER). */
  readonly endpoint: string;
  /** Creates the secret, or stores `value` as its new current version. */
  put(secretId: string, value: string): void;
  /** The current value, or undefined when there is no such secret. */
  get(secretId: string): string | undefined;
  /** Requests received, all of them or those of one operation (e.g. `GetSecretValue`). */
  requestCount(operation?: string): number;
  stop(): Promise<void>;
}

const FORMAT = 'partner-pulse/secrets-emulator@1';
const TARGET_PREFIX = 'secretsmanager.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const MAX_BODY_BYTES = 1024 * 1024;
/** Secrets Manager's own limit on a secret's value. */
const MAX_SECRET_BYTES = 65_536;
const CURRENT = 'AWSCURRENT';
const PREVIOUS = 'AWSPREVIOUS';

const StoredVersion = z.object({
  versionId: z.string().min(1),
  secretString: z.string(),
  createdDate: z.number(),
});
const StoredSecret = z.object({
  name: z.string().min(1),
  arn: z.string().min(1),
  createdDate: z.number(),
  lastChangedDate: z.number(),
  current: StoredVersion,
  previous: StoredVersion.optional(),
});
type StoredSecret = z.infer<typeof StoredSecret>;
type StoredVersion = z.infer<typeof StoredVersion>;
const SecretsFile = z.object({ format: z.literal(FORMAT), secrets: z.array(StoredSecret) });

/** An error answered in the protocol's shape: `{"__type": ..., "message": ...}` with a 4xx status. */
class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const notFound = () => new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");

export async function startLocalSecrets(options: LocalSecretsOptions): Promise<LocalSecrets> {
  const secrets = new Map<string, StoredSecret>();
  for (const secret of options.file === undefined ? [] : loadSecretsFile(options.file)) secrets.set(secret.name, secret);
  const counts = new Map<string, number>();
  let total = 0;

  const save = () => {
    if (options.file !== undefined) saveSecretsFile(options.file, [...secrets.values()]);
  };
  const find = (secretId: string): StoredSecret | undefined =>
    secrets.get(secretId) ?? [...secrets.values()].find((secret) => secret.arn === secretId);

  const create = (name: string, value: string, versionId: string): StoredSecret => {
    const now = Date.now();
    const secret: StoredSecret = {
      name,
      arn: `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT}:secret:${name}-${randomSuffix()}`,
      createdDate: now,
      lastChangedDate: now,
      current: { versionId, secretString: value, createdDate: now },
    };
    secrets.set(name, secret);
    save();
    return secret;
  };
  const putValue = (secret: StoredSecret, value: string, versionId: string): void => {
    const now = Date.now();
    secret.previous = secret.current;
    secret.current = { versionId, secretString: value, createdDate: now };
    secret.lastChangedDate = now;
    save();
  };

  const operations: Record<string, (input: Record<string, unknown>) => object> = {
    CreateSecret(input) {
      const name = requiredString(input, 'Name');
      const value = secretString(input);
      const versionId = optionalString(input, 'ClientRequestToken') ?? randomUUID();
      const existing = secrets.get(name);
      if (existing !== undefined) {
        // A retried CreateSecret (same request token, same value) answers as the first one did.
        if (existing.current.versionId === versionId && existing.current.secretString === value) {
          return { ARN: existing.arn, Name: existing.name, VersionId: versionId };
        }
        throw new ServiceError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
      }
      const secret = create(name, value, versionId);
      return { ARN: secret.arn, Name: secret.name, VersionId: versionId };
    },
    PutSecretValue(input) {
      const secret = find(requiredString(input, 'SecretId'));
      if (secret === undefined) throw notFound();
      const value = secretString(input);
      const versionId = optionalString(input, 'ClientRequestToken') ?? randomUUID();
      if (secret.current.versionId !== versionId) putValue(secret, value, versionId);
      else if (secret.current.secretString !== value) {
        throw new ServiceError('ResourceExistsException', `A version with ID ${versionId} already exists with a different value.`);
      }
      return { ARN: secret.arn, Name: secret.name, VersionId: versionId, VersionStages: [CURRENT] };
    },
    GetSecretValue(input) {
      const secret = find(requiredString(input, 'SecretId'));
      if (secret === undefined) throw notFound();
      const version = pickVersion(secret, optionalString(input, 'VersionId'), optionalString(input, 'VersionStage'));
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.versionId,
        SecretString: version.secretString,
        VersionStages: [version === secret.current ? CURRENT : PREVIOUS],
        CreatedDate: version.createdDate / 1000,
      };
    },
    DescribeSecret(input) {
      const secret = find(requiredString(input, 'SecretId'));
      if (secret === undefined) throw notFound();
      return {
        ARN: secret.arn,
        Name: secret.name,
        CreatedDate: secret.createdDate / 1000,
        LastChangedDate: secret.lastChangedDate / 1000,
        VersionIdsToStages: {
          [secret.current.versionId]: [CURRENT],
          ...(secret.previous ? { [secret.previous.versionId]: [PREVIOUS] } : {}),
        },
      };
    },
  };

  const server = createServer((request, response) => {
    total += 1;
    readBody(request)
      .then((body) => {
        const target = headerValue(request, 'x-amz-target');
        const operation = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
        if (operation !== undefined) counts.set(operation, (counts.get(operation) ?? 0) + 1);
        if (request.method !== 'POST' || (request.url ?? '/').split('?')[0] !== '/') {
          throw new ServiceError('UnknownOperationException', 'Only POST / is served.', 404);
        }
        const handle = operation !== undefined && Object.hasOwn(operations, operation) ? operations[operation] : undefined;
        if (handle === undefined) throw new ServiceError('UnknownOperationException', `Unknown operation ${target ?? '(no X-Amz-Target)'}.`);
        let input: unknown;
        try {
          input = JSON.parse(body.length ? body.toString('utf8') : '{}');
        } catch {
          throw new ServiceError('SerializationException', 'The request body is not JSON.');
        }
        if (typeof input !== 'object' || input === null || Array.isArray(input)) {
          throw new ServiceError('SerializationException', 'The request body must be a JSON object.');
        }
        answer(response, 200, handle(input as Record<string, unknown>));
      })
      .catch((error: unknown) => {
        if (error instanceof ServiceError) answer(response, error.status, { __type: error.type, message: error.message });
        else answer(response, 500, { __type: 'InternalServiceError', message: String(error) });
      });
  });
  const endpoint = await listen(server, options.port);

  return {
    endpoint,
    put(secretId, value) {
      const secret = find(secretId);
      if (secret === undefined) create(secretId, value, randomUUID());
      else putValue(secret, value, randomUUID());
    },
    get: (secretId) => find(secretId)?.current.secretString,
    requestCount: (operation) => (operation === undefined ? total : (counts.get(operation) ?? 0)),
    stop: () => close(server),
  };
}

/**
 * Makes sure the token signing secret exists: the first time, a value in the very shape
 * CloudFormation generates for the deployed secret (lib/constructs/signing-keys.ts: the key beside
 * an empty list, 64 letters and digits), so the local cloud reads what production reads; the stored
 * one afterwards, so links sent before a restart keep working when the emulator keeps a file.
 * True when it created the secret.
 */
export function ensureTokenSecret(secrets: LocalSecrets, secretId: string): boolean {
  if (secrets.get(secretId) !== undefined) return false;
  secrets.put(secretId, JSON.stringify({ current: GENERATED_KEY_ID, keys: {}, [GENERATED_KEY_ID]: generatedKey() }));
  return true;
}

/** One step of the documented rotation on the local secret, checked as in production (see nextKeySetValue). */
export function rotateTokenSecret(secrets: LocalSecrets, secretId: string, step: RotationStep): void {
  secrets.put(secretId, nextKeySetValue(secretId, secrets.get(secretId), step));
}

/** CloudFormation's generated key: letters and digits only (excludePunctuation), GENERATED_KEY_LENGTH of them. */
function generatedKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  // 62 letters and digits: drawing from 248 values of a byte keeps every one equally likely.
  const out: string[] = [];
  while (out.length < GENERATED_KEY_LENGTH) {
    for (const byte of randomBytes(GENERATED_KEY_LENGTH)) if (byte < 248 && out.length < GENERATED_KEY_LENGTH) out.push(alphabet[byte % 62] ?? '');
  }
  return out.join('');
}

/** What lib/constructs/signing-keys.ts has CloudFormation generate; test/integration/secrets.test.ts checks they agree. */
export const GENERATED_KEY_ID = 'k1';
export const GENERATED_KEY_LENGTH = 64;

function pickVersion(secret: StoredSecret, versionId: string | undefined, stage: string | undefined): StoredVersion {
  const versions = [secret.current, ...(secret.previous ? [secret.previous] : [])];
  const byId = versionId === undefined ? undefined : versions.find((version) => version.versionId === versionId);
  if (versionId !== undefined && byId === undefined) {
    throw new ServiceError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`);
  }
  const byStage = stage === undefined ? undefined : stage === CURRENT ? secret.current : stage === PREVIOUS ? secret.previous : undefined;
  if (stage !== undefined && byStage === undefined) {
    throw new ServiceError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for staging label: ${stage}`);
  }
  if (byId !== undefined && byStage !== undefined && byId !== byStage) {
    throw new ServiceError('InvalidRequestException', `The version ${versionId} does not have the staging label ${stage}.`);
  }
  return byId ?? byStage ?? secret.current;
}

function requiredString(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') throw new ServiceError('InvalidParameterException', `${name} must be a non-empty string.`);
  return value;
}

function optionalString(input: Record<string, unknown>, name: string): string | undefined {
  return input[name] === undefined ? undefined : requiredString(input, name);
}

function secretString(input: Record<string, unknown>): string {
  if (input.SecretBinary !== undefined) throw new ServiceError('InvalidParameterException', 'This emulator keeps SecretString values only.');
  const value = input.SecretString;
  if (typeof value !== 'string') throw new ServiceError('InvalidParameterException', 'SecretString must be a string.');
  if (Buffer.byteLength(value, 'utf8') > MAX_SECRET_BYTES) {
    throw new ServiceError('InvalidParameterException', `SecretString must be at most ${MAX_SECRET_BYTES} bytes.`);
  }
  return value;
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ServiceError('RequestEntityTooLargeException', 'The request body is too large.', 413));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function answer(response: ServerResponse, status: number, body: object): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID() });
  response.end(JSON.stringify(body));
}

/** Like the real service: the ARN ends in a dash and six random characters. */
function randomSuffix(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return [...randomBytes(6)].map((byte) => letters[byte % letters.length]).join('');
}

function loadSecretsFile(file: string): StoredSecret[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const corrupt = (why: string) =>
    new LocalStartError(
      `The Secrets Manager data file ${file} is corrupt (${why}).`,
      'Delete it, or start the local cloud with --reset (`npm start -- --reset`), to begin again with new secrets; ' +
        'links in emails sent before then will stop working.',
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw corrupt(`not JSON: ${(error as Error).message}`);
  }
  const parsed = SecretsFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw corrupt(issue ? `${issue.path.join('.') || 'the file'}: ${issue.message}` : 'unexpected content');
  }
  return parsed.data.secrets;
}

/** Temp file and rename, so a crash mid-write never leaves half a file; readable by this user only. */
function saveSecretsFile(file: string, secrets: StoredSecret[]): void {
  writeFileAtomically(file, `${JSON.stringify({ format: FORMAT, secrets }, null, 2)}\n`, { mode: 0o600 });
}

function listen(server: Server, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}
