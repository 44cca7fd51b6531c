// The link-token signing keys, read from Secrets Manager. The secret holds a key set for rotation:
//   { "current": "k1", "keys": { "k1": "<base64, 32+ bytes>", "k0": "<an older key>" } }
// The current key signs; every listed key verifies, so links already sent keep working until their
// key is removed from the set. Nothing else in the secret can break or extend the set: other
// top-level fields (a rotation note such as "rotatedAt") are ignored, a key left at the top level
// stops counting once "keys" lists any key, and a listed key that is not usable (too short, not
// base64) is skipped with a warning unless it is the current one. Rotation: lib/constructs/signing-keys.ts.
import type { LinkKeys } from '#app/ports.ts';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import * as z from '#contract/zod.ts';
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

// Not strict: unknown fields beside "current" and "keys" are notes, never keys.
const KeySetSecret = z.object({
  current: z.string().check(z.regex(KEY_ID_PATTERN, { error: `must be a key id (${KEY_ID_PATTERN.source})` })),
  keys: z.record(z.string(), z.unknown()),
});

const KeyValue = z.string({ error: 'must be a base64 string' }).check(
  z.regex(BASE64, { error: 'must be base64' }),
  z.refine((text) => Buffer.from(text, 'base64').length >= MIN_SECRET_BYTES, {
    error: `must be at least ${MIN_SECRET_BYTES} bytes once decoded`,
  }),
);

interface KeySet {
  current: SigningKey;
  all: Record<string, Buffer>;
  /** Listed keys that were skipped, with why (never their value). */
  ignored: string[];
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
    if (keys.ignored.length > 0) {
      console.warn(`The token signing secret "${this.secretId}" lists keys that cannot verify and are skipped: ${keys.ignored.join('; ')}`);
    }
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
 * The key list a secret's JSON stands for. The first value CloudFormation generates for the stack's
 * secret puts its generated key beside an empty list (`{"current":"k1","keys":{},"k1":"<64 letters
 * and digits>"}`): only then does a top-level field count, and only the one "current" names, so a
 * fresh deployment signs links without a manual step. Once "keys" lists a key, the top level holds
 * notes: a generated key left there after its removal from "keys" verifies nothing.
 */
function documentedShape(json: unknown): unknown {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!isObject(json)) return json;
  const { current, keys } = json;
  if (isObject(keys) && Object.keys(keys).length > 0) return { current, keys };
  if (typeof current === 'string' && current !== 'current' && current !== 'keys' && Object.hasOwn(json, current)) {
    return { current, keys: { [current]: json[current] } };
  }
  return { current, keys };
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
  const parsed = KeySetSecret.safeParse(documentedShape(json));
  if (!parsed.success) {
    throw problem(parsed.error.issues.map(describeIssue).join('; '));
  }
  const { current: currentId, keys } = parsed.data;
  if (!Object.hasOwn(keys, currentId)) {
    throw problem(`"current" is "${currentId}", which is not one of the keys (${Object.keys(keys).join(', ') || 'none'})`);
  }
  const all: Record<string, Buffer> = {};
  const ignored: string[] = [];
  for (const [id, value] of Object.entries(keys)) {
    const checked = KeyValue.safeParse(value);
    const why = !KEY_ID_PATTERN.test(id)
      ? 'is not a usable key id (letters, digits, "-" and "_", at most 32)'
      : checked.success
        ? undefined
        : checked.error.issues.map((issue) => issue.message).join(', ');
    // The current key signs every new link: if it is broken, nothing can work, so say so now.
    if (why !== undefined && id === currentId) throw problem(`keys.${id}: ${why}`);
    if (why !== undefined) ignored.push(`keys.${id} ${why}`);
    else all[id] = Buffer.from(value as string, 'base64');
  }
  const current = all[currentId];
  if (current === undefined) throw problem('"current" is not one of the keys');
  return { current: { id: currentId, secret: current }, all, ignored };
}

/** One step of the documented rotation (lib/constructs/signing-keys.ts). */
export type RotationStep =
  | { readonly add: { readonly id: string; readonly secret: Buffer } }
  | { readonly promote: string }
  | { readonly retire: string };

/**
 * The secret's next value for a rotation step, in the documented shape (every key inside "keys",
 * notes dropped). A step that would break links is refused here, at rotation time, never when a
 * link is opened: adding an id already used, promoting a key not listed yet, retiring the current key.
 */
export function nextKeySetValue(secretId: string, text: string | undefined, step: RotationStep): string {
  const set = parseKeySet(secretId, text);
  const refuse = (why: string) => new TokenKeysError(`Rotation of "${secretId}" refused: ${why}.`);
  const keys: Record<string, Buffer> = { ...set.all };
  let current = set.current.id;
  if ('add' in step) {
    const { id, secret } = step.add;
    if (!KEY_ID_PATTERN.test(id)) throw refuse(`"${id}" is not a usable key id (letters, digits, "-" and "_", at most 32)`);
    if (Object.hasOwn(keys, id)) throw refuse(`a key "${id}" exists already; links it signed would stop verifying`);
    if (secret.length < MIN_SECRET_BYTES) throw refuse(`the new key is ${secret.length} bytes; at least ${MIN_SECRET_BYTES} are needed`);
    keys[id] = secret;
  } else if ('promote' in step) {
    if (!Object.hasOwn(keys, step.promote)) throw refuse(`"${step.promote}" is not listed yet: add it, wait for every function to read it, then promote it`);
    current = step.promote;
  } else {
    if (step.retire === current) throw refuse(`"${step.retire}" is the current key: promote another one first`);
    if (!Object.hasOwn(keys, step.retire)) throw refuse(`"${step.retire}" is not listed`);
    delete keys[step.retire];
  }
  return JSON.stringify({
    current,
    keys: Object.fromEntries(Object.entries(keys).map(([id, secret]) => [id, secret.toString('base64')])),
  });
}
