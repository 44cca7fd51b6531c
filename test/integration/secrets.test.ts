import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { secretsManagerClient, TokenKeys, TokenKeysError } from '#adapters/secrets.ts';
import { signToken, tokenExpiry, verifyToken } from '#domain/tokens.ts';
import { LocalStartError } from '../../local/errors.ts';
import { GENERATED_KEY_ID as DEPLOYED_KEY_ID, GENERATED_KEY_LENGTH as DEPLOYED_KEY_LENGTH } from '#lib/constructs/signing-keys.ts';
import {
  ensureTokenSecret,
  GENERATED_KEY_ID,
  GENERATED_KEY_LENGTH,
  rotateTokenSecret,
  startLocalSecrets,
  type LocalSecrets,
} from '../../local/secrets.ts';
import { freePort } from '../support/free-port.ts';

const KEY_A = Buffer.alloc(32, 0xa1);
const KEY_B = Buffer.alloc(32, 0xb2);
const KEY_C = Buffer.alloc(48, 0xc3);

function keySet(current: string, keys: Record<string, Buffer>): string {
  return JSON.stringify({
    current,
    keys: Object.fromEntries(Object.entries(keys).map(([id, secret]) => [id, secret.toString('base64')])),
  });
}

function sdkClient(endpoint: string): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

let secrets: LocalSecrets;
let client: SecretsManagerClient;
let counter = 0;
/** A secret name no other test uses. */
const freshName = () => `pulse/token-keys-${++counter}`;

beforeAll(async () => {
  secrets = await startLocalSecrets({ port: await freePort() });
  client = sdkClient(secrets.endpoint);
});

afterAll(async () => {
  client.destroy();
  await secrets.stop();
});

describe('reading the key set through the real SDK', () => {
  it('signs with the current key and verifies with every listed key', async () => {
    const name = freshName();
    secrets.put(name, keySet('k1', { k1: KEY_A, k0: KEY_B }));
    const keys = new TokenKeys(client, name);

    const signing = await keys.signingKey();
    const verification = await keys.verificationKeys();

    expect(signing).toEqual({ id: 'k1', secret: KEY_A });
    expect(verification).toEqual({ k1: KEY_A, k0: KEY_B });
  });

  it('reads the first value CloudFormation generates, with the key beside the key list', async () => {
    const name = freshName();
    const generated = 'Zq8mR2xT7vLp4NcW9bYh3KsJ6dFg1AeU5oQiXr0tMnBvCzPyHwEjLkDa2Su8Gf4T';
    secrets.put(name, JSON.stringify({ current: 'k1', keys: {}, k1: generated }));
    const keys = new TokenKeys(client, name);

    const signing = await keys.signingKey();

    expect(signing.id).toBe('k1');
    expect(signing.secret).toEqual(Buffer.from(generated, 'base64'));
    expect(signing.secret.length).toBeGreaterThanOrEqual(32);
  });

  it('reads the secret by its ARN as well as by its name', async () => {
    const name = freshName();
    const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: keySet('k1', { k1: KEY_A }) }));

    const signing = await new TokenKeys(client, created.ARN ?? '').signingKey();

    expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:\\d{12}:secret:${name}-[A-Za-z]{6}$`));
    expect(signing.id).toBe('k1');
  });

  it('turns a missing secret into an error that names it, with the SDK error as its cause', async () => {
    const keys = new TokenKeys(client, 'pulse/no-such-secret');

    const failure = await keys.signingKey().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TokenKeysError);
    expect((failure as Error).message).toMatch(/"pulse\/no-such-secret" does not exist in Secrets Manager/);
    expect((failure as Error).cause).toBeInstanceOf(ResourceNotFoundException);
  });

  it.each([
    ['not JSON', 'k1=abc', /not JSON/],
    ['missing its keys', JSON.stringify({ current: 'k1' }), /keys: /],
    ['naming a current key it does not list', keySet('k2', { k1: KEY_A }), /"current" is "k2", which is not one of the keys \(k1\)/],
    ['holding a short key', keySet('k1', { k1: Buffer.alloc(16) }), /keys\.k1: must be at least 32 bytes/],
    ['holding a key that is not base64', JSON.stringify({ current: 'k1', keys: { k1: '!!not base64!!' } }), /keys\.k1: must be base64/],
    ['with a key id a token cannot carry', keySet('k 1', { 'k 1': KEY_A }), /current: must be a key id/],
  ])('explains what is wrong with a secret %s', async (_, value, problem) => {
    const name = freshName();
    secrets.put(name, value);

    const failure = await new TokenKeys(client, name).signingKey().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TokenKeysError);
    expect((failure as Error).message).toContain(`"${name}" is not a valid key set`);
    expect((failure as Error).message).toMatch(problem);
  });

  it('never quotes key material in its errors', async () => {
    const name = freshName();
    secrets.put(name, `{"current": "k1", "keys": {"k1": "${KEY_A.toString('base64')}"`);

    const failure = await new TokenKeys(client, name).signingKey().catch((error: unknown) => error);

    expect((failure as Error).message).not.toContain(KEY_A.toString('base64').slice(0, 8));
  });

  it('lets a token signed now be verified with the keys read back', async () => {
    const name = freshName();
    secrets.put(name, keySet('k1', { k1: KEY_A }));
    const keys = new TokenKeys(client, name);
    const now = new Date('2026-03-10T17:00:00Z');
    const claims = { purpose: 'survey', accountId: 'acme', subject: 'm', contact: 'c', expiresAt: tokenExpiry(now, 30) } as const;

    const token = signToken(claims, await keys.signingKey());

    expect(verifyToken(token, 'survey', await keys.verificationKeys(), now)).toEqual({ ok: true, claims });
  });
});

describe('caching', () => {
  it('makes no second request within the time to live', async () => {
    const name = freshName();
    secrets.put(name, keySet('k1', { k1: KEY_A }));
    const keys = new TokenKeys(client, name);
    await keys.signingKey();
    const before = secrets.requestCount('GetSecretValue');

    await keys.signingKey();
    await keys.verificationKeys();

    expect(secrets.requestCount('GetSecretValue')).toBe(before);
  });

  it('reads again after the time to live and sees a rotated key', async () => {
    const name = freshName();
    secrets.put(name, keySet('k1', { k1: KEY_A }));
    let now = 1_000_000;
    const keys = new TokenKeys(client, name, { ttlMs: 60_000, now: () => now });
    await keys.signingKey();
    secrets.put(name, keySet('k2', { k2: KEY_C, k1: KEY_A }));

    now += 59_999;
    const beforeExpiry = await keys.signingKey();
    now += 1;
    const afterExpiry = await keys.signingKey();

    expect(beforeExpiry.id).toBe('k1');
    expect(afterExpiry).toEqual({ id: 'k2', secret: KEY_C });
    expect(await keys.verificationKeys()).toEqual({ k2: KEY_C, k1: KEY_A });
  });

  it('verifies a link sent before a rotation until its key is retired', async () => {
    const name = freshName();
    secrets.put(name, keySet('k1', { k1: KEY_A }));
    let now = 0;
    const keys = new TokenKeys(client, name, { ttlMs: 1_000, now: () => now });
    const at = new Date('2026-03-10T17:00:00Z');
    const claims = { purpose: 'unsubscribe', accountId: 'acme', subject: '', contact: 'c', expiresAt: tokenExpiry(at, 30) } as const;
    const token = signToken(claims, await keys.signingKey());

    secrets.put(name, keySet('k2', { k2: KEY_B, k1: KEY_A }));
    now += 1_000;
    const duringRotation = verifyToken(token, 'unsubscribe', await keys.verificationKeys(), at);
    secrets.put(name, keySet('k2', { k2: KEY_B }));
    now += 1_000;
    const afterRetirement = verifyToken(token, 'unsubscribe', await keys.verificationKeys(), at);

    expect(duringRotation.ok).toBe(true);
    expect(afterRetirement).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('makes one request for concurrent first calls', async () => {
    const name = freshName();
    secrets.put(name, keySet('k1', { k1: KEY_A }));
    const keys = new TokenKeys(client, name);
    const before = secrets.requestCount('GetSecretValue');

    const answers = await Promise.all([keys.signingKey(), keys.verificationKeys(), keys.signingKey(), keys.verificationKeys()]);

    expect(secrets.requestCount('GetSecretValue')).toBe(before + 1);
    expect(answers[0]).toEqual({ id: 'k1', secret: KEY_A });
  });

  it('does not keep a failed read: the next call tries again', async () => {
    const name = freshName();
    const keys = new TokenKeys(client, name);
    await expect(keys.signingKey()).rejects.toThrow(TokenKeysError);

    secrets.put(name, keySet('k1', { k1: KEY_A }));

    await expect(keys.signingKey()).resolves.toEqual({ id: 'k1', secret: KEY_A });
  });

  it('hands out copies, so a caller cannot change the cached keys', async () => {
    const name = freshName();
    secrets.put(name, keySet('k1', { k1: KEY_A, k0: KEY_B }));
    const keys = new TokenKeys(client, name);

    delete (await keys.verificationKeys()).k0;

    expect(Object.keys(await keys.verificationKeys())).toEqual(['k1', 'k0']);
  });
});

describe('the process-wide client', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('finds the emulator through AWS_ENDPOINT_URL_SECRETS_MANAGER', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    const name = freshName();
    secrets.put(name, keySet('k1', { k1: KEY_A }));

    const signing = await new TokenKeys(secretsManagerClient(), name).signingKey();

    expect(signing.id).toBe('k1');
    expect(secretsManagerClient()).toBe(secretsManagerClient());
  });
});

describe('the emulator', () => {
  it('keeps the previous value under AWSPREVIOUS after a new value is put', async () => {
    const name = freshName();
    await client.send(new CreateSecretCommand({ Name: name, SecretString: 'first' }));
    const put = await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'second' }));

    const current = await client.send(new GetSecretValueCommand({ SecretId: name }));
    const previous = await client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: name }));

    expect(current).toMatchObject({ Name: name, SecretString: 'second', VersionId: put.VersionId, VersionStages: ['AWSCURRENT'] });
    expect(current.CreatedDate).toBeInstanceOf(Date);
    expect(previous.SecretString).toBe('first');
    expect(described.VersionIdsToStages?.[put.VersionId ?? '']).toEqual(['AWSCURRENT']);
  });

  it('refuses to create a secret that exists, with the SDK error class', async () => {
    const name = freshName();
    await client.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));

    await expect(client.send(new CreateSecretCommand({ Name: name, SecretString: 'two' }))).rejects.toBeInstanceOf(
      ResourceExistsException,
    );
  });

  it('counts requests by operation', async () => {
    const before = secrets.requestCount('DescribeSecret');

    await client.send(new DescribeSecretCommand({ SecretId: 'pulse/nothing' })).catch(() => undefined);

    expect(secrets.requestCount('DescribeSecret')).toBe(before + 1);
  });
});

describe('persistence', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pulse-secrets-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the token keys across a restart, so links already sent still verify', async () => {
    const file = join(dir, 'secrets.json');
    const first = await startLocalSecrets({ port: 0, file });
    const created = ensureTokenSecret(first, 'pulse/token-keys');
    const firstClient = sdkClient(first.endpoint);
    const before = await new TokenKeys(firstClient, 'pulse/token-keys').signingKey();
    firstClient.destroy();
    await first.stop();

    const second = await startLocalSecrets({ port: 0, file });
    const createdAgain = ensureTokenSecret(second, 'pulse/token-keys');
    const secondClient = sdkClient(second.endpoint);
    const after = await new TokenKeys(secondClient, 'pulse/token-keys').signingKey();
    secondClient.destroy();
    await second.stop();

    expect(created).toBe(true);
    expect(createdAgain).toBe(false);
    expect(after).toEqual(before);
    // 64 letters and digits, read as base64: 48 bytes, as CloudFormation's generated key.
    expect(before.secret.length).toBe(48);
  });

  it('writes the file readable by its owner only', async () => {
    const file = join(dir, 'private.json');
    const emulator = await startLocalSecrets({ port: 0, file });
    ensureTokenSecret(emulator, 'pulse/token-keys');
    await emulator.stop();

    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it.each([
    ['not JSON', '{"format": '],
    ['of another format', JSON.stringify({ format: 'something-else', secrets: [] })],
    ['missing a value', JSON.stringify({ format: 'partner-pulse/secrets-emulator@1', secrets: [{ name: 'x' }] })],
  ])('refuses to start on a data file that is %s, naming it and suggesting --reset', async (_, content) => {
    const file = join(dir, `corrupt-${++counter}.json`);
    writeFileSync(file, content);

    const failure = await startLocalSecrets({ port: 0, file }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(LocalStartError);
    expect((failure as LocalStartError).message).toContain(file);
    expect((failure as LocalStartError).message).toContain('corrupt');
    expect((failure as LocalStartError).hint).toContain('--reset');
  });
});

describe('a key set nothing beside it can break', () => {
  const generated = 'Zq8mR2xT7vLp4NcW9bYh3KsJ6dFg1AeU5oQiXr0tMnBvCzPyHwEjLkDa2Su8Gf4T';
  const at = new Date('2026-03-10T17:00:00Z');
  const claims = { purpose: 'survey', accountId: 'acme', subject: 'm', contact: 'c', expiresAt: tokenExpiry(at, 30) } as const;

  it.each([
    ['a rotation note beside the keys', { current: 'k1', keys: { k1: KEY_A.toString('base64') }, rotatedAt: '2026-03-01' }],
    ['a note beside the generated key', { current: 'k1', keys: {}, k1: generated, rotatedAt: '2026-03-01', by: 'ops' }],
    ['a number or an object at the top level', { current: 'k1', keys: { k1: KEY_A.toString('base64') }, version: 3, meta: { a: 1 } }],
  ])('ignores %s', async (_, value) => {
    const name = freshName();
    secrets.put(name, JSON.stringify(value));
    const keys = new TokenKeys(client, name);

    const token = signToken(claims, await keys.signingKey());

    expect(verifyToken(token, 'survey', await keys.verificationKeys(), at).ok).toBe(true);
    expect(Object.keys(await keys.verificationKeys())).toEqual(['k1']);
  });

  it('stops verifying a generated key once "keys" lists others, even if it stays at the top level', async () => {
    const name = freshName();
    secrets.put(name, JSON.stringify({ current: 'k1', keys: {}, k1: generated }));
    let now = 0;
    const keys = new TokenKeys(client, name, { ttlMs: 1_000, now: () => now });
    const oldLink = signToken(claims, await keys.signingKey());

    secrets.put(name, JSON.stringify({ current: 'k2', keys: { k2: KEY_B.toString('base64') }, k1: generated }));
    now += 1_000;

    expect(verifyToken(oldLink, 'survey', await keys.verificationKeys(), at)).toEqual({ ok: false, reason: 'unknown-key' });
    expect(await keys.verificationKeys()).toEqual({ k2: KEY_B });
  });

  it('skips a broken old key with a warning naming it, and keeps verifying with the others', async () => {
    const name = freshName();
    secrets.put(name, JSON.stringify({ current: 'k2', keys: { k2: KEY_B.toString('base64'), k1: 'too-short' } }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const verification = await new TokenKeys(client, name).verificationKeys();

      expect(verification).toEqual({ k2: KEY_B });
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/keys\.k1 must be base64|keys\.k1 must be at least 32 bytes/));
      expect(String(warn.mock.calls[0]?.[0])).not.toContain('too-short');
    } finally {
      warn.mockRestore();
    }
  });
});

describe('rotation, step by step as lib/constructs/signing-keys.ts documents it', () => {
  const issuedAt = new Date('2026-03-10T17:00:00Z');
  const ttlDays = 30;
  const linkFor = (contact: string, at: Date) =>
    ({ purpose: 'survey', accountId: 'acme', subject: 'm', contact, expiresAt: tokenExpiry(at, ttlDays) }) as const;

  it('keeps old links working through add and promote, until they expire or their key is retired', async () => {
    const name = freshName();
    expect(ensureTokenSecret(secrets, name)).toBe(true);
    let now = 0;
    const keys = new TokenKeys(client, name, { ttlMs: 1_000, now: () => now });
    const reread = async () => {
      now += 1_000;
      return keys.verificationKeys();
    };
    const oldLink = signToken(linkFor('before', issuedAt), await keys.signingKey());

    rotateTokenSecret(secrets, name, { add: { id: 'k2', secret: KEY_C } });
    const afterAdd = await reread();
    const signerAfterAdd = await keys.signingKey();
    rotateTokenSecret(secrets, name, { promote: 'k2' });
    const afterPromote = await reread();
    const newLink = signToken(linkFor('after', issuedAt), await keys.signingKey());
    const dayBeforeExpiry = new Date(issuedAt.getTime() + (ttlDays - 1) * 86_400_000);
    const dayAfterExpiry = new Date(issuedAt.getTime() + (ttlDays + 1) * 86_400_000);
    const oldLinkLate = verifyToken(oldLink, 'survey', afterPromote, dayBeforeExpiry);
    const oldLinkExpired = verifyToken(oldLink, 'survey', afterPromote, dayAfterExpiry);
    rotateTokenSecret(secrets, name, { retire: 'k1' });
    const afterRetire = await reread();

    expect(signerAfterAdd.id).toBe('k1');
    expect(verifyToken(oldLink, 'survey', afterAdd, issuedAt).ok).toBe(true);
    expect(newLink.length).toBeGreaterThan(0);
    expect((await keys.signingKey()).id).toBe('k2');
    expect(oldLinkLate.ok).toBe(true);
    expect(oldLinkExpired).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(oldLink, 'survey', afterRetire, issuedAt)).toEqual({ ok: false, reason: 'unknown-key' });
    expect(verifyToken(newLink, 'survey', afterRetire, issuedAt).ok).toBe(true);
  });

  it.each([
    ['promoting a key not added yet', { promote: 'k9' }, /not listed yet/],
    ['retiring the current key', { retire: 'k1' }, /is the current key/],
    ['adding an id already in use', { add: { id: 'k1', secret: KEY_C } }, /exists already/],
    ['adding a short key', { add: { id: 'k2', secret: Buffer.alloc(16) } }, /at least 32 are needed/],
  ] as const)('refuses %s at rotation time, leaving the secret as it was', (_, step, why) => {
    const name = freshName();
    ensureTokenSecret(secrets, name);
    const before = secrets.get(name);

    expect(() => rotateTokenSecret(secrets, name, step)).toThrow(why);
    expect(secrets.get(name)).toBe(before);
  });

  it('creates the local secret in the shape CloudFormation generates for the deployed one', () => {
    const name = freshName();
    ensureTokenSecret(secrets, name);

    const value = JSON.parse(secrets.get(name) ?? '{}') as Record<string, unknown>;

    expect(value).toEqual({ current: GENERATED_KEY_ID, keys: {}, [GENERATED_KEY_ID]: expect.stringMatching(new RegExp(`^[A-Za-z0-9]{${GENERATED_KEY_LENGTH}}$`)) });
    expect([GENERATED_KEY_ID, GENERATED_KEY_LENGTH]).toEqual([DEPLOYED_KEY_ID, DEPLOYED_KEY_LENGTH]);
  });
});
