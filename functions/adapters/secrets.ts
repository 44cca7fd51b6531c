// The link-token signing keys, read from Secrets Manager. The secret holds a key set for rotation:
//   { "current": "k1", "keys": { "k1": "<base64, 32+ bytes>", "k0": "<an older key>" } }
// The current key signs; every listed key verifies, so links already sent keep working until their
// key is removed from the set.
import type { LinkKeys } from '#app/ports.ts';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { KEY_ID_PATTERN, MIN_SECRET_BYTES, type SigningKey } from '#domain/tokens.ts';

let client: SecretsManagerClient | undefined;

/** One client for the process; the endpoint comes from AWS_ENDPOINT_URL_SECRETS_MANAGER when set. */
export function secretsManagerClient(): SecretsManagerClient {
  client ??= new SecretsManagerClient({ maxAttempts: 5 });
  return client;
}

/** The token keys could not be read: the message names the secret and what is wrong with it. */
export class TokenKeysError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TokenKeysError';
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// Not strict: a rotation script may keep notes of its own next to the keys.
const KeySetSecret = z
  .object({
    current: z.string().regex(KEY_ID_PATTERN, { error: `must be a key id (${KEY_ID_PATTERN.source})` }),
    keys: z.record(
      z.string().regex(KEY_ID_PATTERN),
      z
        .string()
        .regex(BASE64, { error: 'must be base64' })
        .refine((text) => Buffer.from(text, 'base64').length >= MIN_SECRET_BYTES, {
          error: `must be at least ${MIN_SECRET_BYTES} bytes once decoded`,
        }),
    ),
  })
  .refine((set) => Object.hasOwn(set.keys, set.current), {
    error: (issue) => {
      const set = issue.input as { current: string; keys: Record<string, string> };
      return `"current" is "${set.current}", which is not one of the keys (${Object.keys(set.keys).join(', ') || 'none'})`;
    },
  });

interface KeySet {
  current: SigningKey;
  all: Record<string, Buffer>;
}

export interface TokenKeysOptions {
  /** How long keys are kept before the secret is read again, so a rotation is picked up. @default 5 minutes */
  ttlMs?: number;
  /** Milliseconds since the epoch, for tests. @default Date.now */
  now?: () => number;
}

/** The key set, cached per process for `ttlMs`; concurrent first reads share one request. */
export class TokenKeys implements LinkKeys {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private cached: { keys: KeySet; loadedAt: number } | undefined;
  private loading: Promise<KeySet> | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    options: TokenKeysOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The key new tokens are signed with. */
  async signingKey(): Promise<SigningKey> {
    return (await this.keys()).current;
  }

  /** Every key a token may have been signed with, by key id. */
  async verificationKeys(): Promise<Record<string, Buffer>> {
    return { ...(await this.keys()).all };
  }

  private keys(): Promise<KeySet> {
    if (this.cached !== undefined && this.now() - this.cached.loadedAt < this.ttlMs) {
      return Promise.resolve(this.cached.keys);
    }
    // A failed read is not cached: the next call tries again.
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<KeySet> {
    const startedAt = this.now();
    let text: string | undefined;
    try {
      text = (await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }))).SecretString;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) {
        throw new TokenKeysError(
          `The token signing secret "${this.secretId}" does not exist in Secrets Manager. ` +
            'Deploy the stack (it creates the secret), or check the secret name the function is given.',
          { cause: error },
        );
      }
      throw new TokenKeysError(`Could not read the token signing secret "${this.secretId}": ${String(error)}`, {
        cause: error,
      });
    }
    const keys = parseKeySet(this.secretId, text);
    this.cached = { keys, loadedAt: startedAt };
    return keys;
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const message =
    issue.code === 'invalid_key' ? `is not a usable key id (letters, digits, "-" and "_", at most 32)` : issue.message;
  return issue.path.length ? `${issue.path.join('.')}: ${message}` : message;
}

/**
 * The first value CloudFormation generates for the stack's secret puts its generated key beside
 * `keys` (`{"current":"k1","keys":{},"k1":"<64 letters and digits>"}`): a top-level string whose
 * name is a key id counts as a key, so a fresh deployment signs links without a manual step.
 */
function withTopLevelKeys(json: unknown): unknown {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!isObject(json)) return json;
  const { current, keys, ...rest } = json;
  const generated = Object.fromEntries(
    Object.entries(rest).filter(([id, value]) => typeof value === 'string' && KEY_ID_PATTERN.test(id)),
  );
  if (Object.keys(generated).length === 0) return json;
  return { current, keys: { ...generated, ...(isObject(keys) ? keys : {}) } };
}

/** The key set in a secret's text, or a TokenKeysError that says what is wrong. */
export function parseKeySet(secretId: string, text: string | undefined): KeySet {
  const problem = (what: string) =>
    new TokenKeysError(`The token signing secret "${secretId}" is not a valid key set: ${what}.`);
  if (text === undefined) throw problem('it has no SecretString (a binary secret is not supported)');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message would quote the secret's text: keep key material out of logs.
    throw problem('it is not JSON; expected {"current": "k1", "keys": {"k1": "<base64>"}}');
  }
  const parsed = KeySetSecret.safeParse(withTopLevelKeys(json));
  if (!parsed.success) {
    throw problem(parsed.error.issues.map(describeIssue).join('; '));
  }
  const all: Record<string, Buffer> = {};
  for (const [id, secret] of Object.entries(parsed.data.keys)) all[id] = Buffer.from(secret, 'base64');
  const current = all[parsed.data.current];
  if (current === undefined) throw problem('"current" is not one of the keys');
  return { current: { id: parsed.data.current, secret: current }, all };
}
