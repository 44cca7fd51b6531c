import { describe, expect, it } from 'vitest';
import {
  linkLifeDays,
  describeTokenFailure,
  MAX_TOKEN_LENGTH,
  signToken,
  tokenExpiry,
  TOKEN_PURPOSES,
  verifyToken,
  type TokenClaims,
  type TokenFailure,
  type TokenPurpose,
} from '#domain/tokens.ts';
import { seededRandom } from '../../local/seeded-random.ts';

const NOW = new Date('2026-03-10T17:00:00Z');
const K1 = { id: 'k1', secret: Buffer.alloc(32, 1) };
const K0 = { id: 'k0', secret: Buffer.alloc(32, 2) };
const KEYS = { k1: K1.secret, k0: K0.secret };
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function claims(overrides: Partial<TokenClaims> = {}): TokenClaims {
  return {
    purpose: 'survey',
    accountId: 'acme-tower-7k2f',
    subject: '2026-03-10T15:00:00.000Z',
    contact: '01jp5k3q8hv2m4xz7c',
    expiresAt: tokenExpiry(NOW, 30),
    ...overrides,
  };
}

const CLAIMS_BY_PURPOSE: Record<TokenPurpose, TokenClaims> = {
  survey: claims(),
  unsubscribe: claims({ purpose: 'unsubscribe', subject: '' }),
  acknowledge: claims({ purpose: 'acknowledge', subject: '01jp5k9w2bq0alert', contact: 'dana@sparkle.example' }),
  manage: claims({ purpose: 'manage', subject: '', contact: 'dana@sparkle.example', expiresAt: tokenExpiry(NOW, 14) }),
};

function reject(token: string, expected: TokenPurpose = 'survey', keys: Record<string, Buffer> = KEYS, now = NOW) {
  const result = verifyToken(token, expected, keys, now);
  return result.ok ? 'accepted' : result.reason;
}

describe('signing and verifying', () => {
  it.each(TOKEN_PURPOSES)('gives back the claims of a %s token signed with the current key', (purpose) => {
    const signed = signToken(CLAIMS_BY_PURPOSE[purpose], K1);

    const result = verifyToken(signed, purpose, KEYS, NOW);

    expect(result).toEqual({ ok: true, claims: CLAIMS_BY_PURPOSE[purpose] });
  });

  it('makes a URL-safe survey token short enough for a link', () => {
    const token = signToken(claims(), K1);

    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThan(200);
  });

  it('carries unicode account and contact names intact', () => {
    const unusual = claims({ accountId: 'tour-eiffel-été-🧽', contact: '\uFEFFjosé@exemple.fr' });

    const result = verifyToken(signToken(unusual, K1), 'survey', KEYS, NOW);

    expect(result).toEqual({ ok: true, claims: unusual });
  });

  it('refuses to sign with a key shorter than 32 bytes', () => {
    expect(() => signToken(claims(), { id: 'short', secret: Buffer.alloc(16) })).toThrow(/at least 32/);
  });

  it('refuses to sign a field too long to fit in a link', () => {
    expect(() => signToken(claims({ contact: 'x'.repeat(201) }), K1)).toThrow(/contact is 201 bytes/);
  });

  it('refuses to sign an expiry that is not whole epoch seconds', () => {
    expect(() => signToken(claims({ expiresAt: 1.5 }), K1)).toThrow(RangeError);
  });

  it('never signs a token longer than the length verification accepts', () => {
    const longest = claims({ accountId: 'a'.repeat(200), subject: 's'.repeat(200), contact: 'c'.repeat(200) });

    const token = signToken(longest, { id: 'k'.repeat(32), secret: K1.secret });

    expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
    expect(verifyToken(token, 'survey', { ['k'.repeat(32)]: K1.secret }, NOW).ok).toBe(true);
  });
});

describe('tampering', () => {
  it('rejects the token when any character is replaced by any other', () => {
    const token = signToken(claims(), K1);
    const reasons = new Set<string>();

    for (let position = 0; position < token.length; position += 1) {
      for (const replacement of BASE64URL_ALPHABET) {
        if (replacement === token[position]) continue;
        reasons.add(reject(token.slice(0, position) + replacement + token.slice(position + 1)));
      }
    }

    expect(reasons.has('accepted')).toBe(false);
    expect([...reasons].sort()).toEqual(['bad-signature', 'malformed', 'unknown-key']);
  });

  it('rejects the token when any bit of its bytes is flipped', () => {
    const bytes = Buffer.from(signToken(claims(), K1), 'base64url');
    const outcomes: string[] = [];

    for (let index = 0; index < bytes.length; index += 1) {
      for (let bit = 0; bit < 8; bit += 1) {
        const tampered = Buffer.from(bytes);
        tampered[index] = (tampered[index] ?? 0) ^ (1 << bit);
        outcomes.push(reject(tampered.toString('base64url')));
      }
    }

    expect(outcomes).not.toContain('accepted');
    expect(outcomes).not.toContain('expired');
    expect(outcomes).not.toContain('wrong-purpose');
  });

  it('rejects claims changed and re-encoded without a new signature as a bad signature', () => {
    const bytes = Buffer.from(signToken(claims({ contact: 'contact-aaaa' }), K1), 'base64url');
    const at = bytes.indexOf('contact-aaaa');
    bytes.write('contact-bbbb', at, 'utf8');

    expect(reject(bytes.toString('base64url'))).toBe('bad-signature');
  });

  it('rejects a later expiry written into a token as a bad signature', () => {
    const signed = claims({ expiresAt: tokenExpiry(NOW, 1) });
    const bytes = Buffer.from(signToken(signed, K1), 'base64url');
    const at = bytes.indexOf(Buffer.from([signed.expiresAt >>> 24, (signed.expiresAt >>> 16) & 0xff]));
    bytes.writeUInt32BE(signed.expiresAt + 365 * 86_400, at);

    expect(reject(bytes.toString('base64url'), 'survey', KEYS, new Date(NOW.getTime() + 2 * 86_400_000))).toBe('bad-signature');
  });

  it('rejects a token whose key id is swapped for another known key', () => {
    const bytes = Buffer.from(signToken(claims(), K1), 'base64url');
    bytes.write('k0', 2, 'ascii');

    expect(reject(bytes.toString('base64url'))).toBe('bad-signature');
  });

  it('rejects a token signed with a key it does not know as unknown-key', () => {
    const token = signToken(claims(), { id: 'k9', secret: Buffer.alloc(32, 9) });

    expect(reject(token)).toBe('unknown-key');
  });

  it('does not take an inherited property name as a key id', () => {
    const token = signToken(claims(), { id: 'constructor', secret: Buffer.alloc(32, 9) });

    expect(reject(token)).toBe('unknown-key');
  });

  it('rejects a token signed with the right key id but a different secret', () => {
    const token = signToken(claims(), { id: 'k1', secret: Buffer.alloc(32, 7) });

    expect(reject(token)).toBe('bad-signature');
  });

  it('rejects a token with the right length tag of all zeros', () => {
    const bytes = Buffer.from(signToken(claims(), K1), 'base64url');
    bytes.fill(0, bytes.length - 16);

    expect(reject(bytes.toString('base64url'))).toBe('bad-signature');
  });

  it.each([
    ['first', 16],
    ['last', 1],
  ])('compares the whole tag: a difference in its %s byte alone is rejected', (_, fromEnd) => {
    const bytes = Buffer.from(signToken(claims(), K1), 'base64url');
    const index = bytes.length - fromEnd;
    bytes[index] = (bytes[index] ?? 0) ^ 0x80;

    expect(reject(bytes.toString('base64url'))).toBe('bad-signature');
  });

  it('rejects a non-canonical spelling of the same bytes', () => {
    const token = signToken(claims(), K1);
    // The last character of a token whose length is not a multiple of 4 has unused low bits.
    expect(token.length % 4).not.toBe(0);
    const last = BASE64URL_ALPHABET.indexOf(token.at(-1) ?? '');
    const variant = token.slice(0, -1) + BASE64URL_ALPHABET[last ^ 1];

    expect(Buffer.from(variant, 'base64url').equals(Buffer.from(token, 'base64url'))).toBe(true);
    expect(reject(variant)).toBe('malformed');
  });
});

describe('purpose and expiry', () => {
  it('rejects a survey token presented to unsubscribe as wrong-purpose', () => {
    const token = signToken(claims({ purpose: 'survey' }), K1);

    expect(reject(token, 'unsubscribe')).toBe('wrong-purpose');
  });

  it.each([
    ['unsubscribe', 'acknowledge'],
    ['acknowledge', 'survey'],
  ] as const)('rejects a %s token presented as %s', (purpose, expected) => {
    const token = signToken(CLAIMS_BY_PURPOSE[purpose], K1);

    expect(reject(token, expected)).toBe('wrong-purpose');
  });

  it('accepts a token one second before it expires', () => {
    const expiresAt = tokenExpiry(NOW, 30);
    const token = signToken(claims({ expiresAt }), K1);

    expect(reject(token, 'survey', KEYS, new Date((expiresAt - 1) * 1000))).toBe('accepted');
  });

  it('rejects a token one second after it expired', () => {
    const expiresAt = tokenExpiry(NOW, 30);
    const token = signToken(claims({ expiresAt }), K1);

    expect(reject(token, 'survey', KEYS, new Date((expiresAt + 1) * 1000))).toBe('expired');
  });

  it('rejects a token at the very second it expires', () => {
    const expiresAt = tokenExpiry(NOW, 30);
    const token = signToken(claims({ expiresAt }), K1);

    expect(reject(token, 'survey', KEYS, new Date(expiresAt * 1000))).toBe('expired');
  });

  it('treats an invalid clock as expired rather than valid', () => {
    const token = signToken(claims(), K1);

    expect(reject(token, 'survey', KEYS, new Date(Number.NaN))).toBe('expired');
  });

  it('checks the signature before the expiry, so a forged expired token is a bad signature', () => {
    const token = signToken(claims({ expiresAt: tokenExpiry(NOW, 1) }), { id: 'k1', secret: Buffer.alloc(32, 7) });

    expect(reject(token, 'survey', KEYS, new Date(NOW.getTime() + 5 * 86_400_000))).toBe('bad-signature');
  });

  it('computes an expiry whole days after now, in epoch seconds', () => {
    expect(tokenExpiry(new Date('2026-03-10T17:00:00.900Z'), 30)).toBe(Date.parse('2026-04-09T17:00:00Z') / 1000);
  });

  it('refuses a time to live that is not a positive number of days', () => {
    expect(() => tokenExpiry(NOW, 0)).toThrow(RangeError);
  });
});

describe('rotation', () => {
  it('accepts a token signed with the old key while the old key is still listed', () => {
    const token = signToken(claims(), K0);

    expect(reject(token, 'survey', { k1: K1.secret, k0: K0.secret })).toBe('accepted');
  });

  it('rejects a token signed with the old key once that key is removed', () => {
    const token = signToken(claims(), K0);

    expect(reject(token, 'survey', { k1: K1.secret })).toBe('unknown-key');
  });
});

describe('inputs that are not tokens', () => {
  const valid = signToken(claims(), K1);

  it.each([
    ['empty', ''],
    ['truncated by one character', valid.slice(0, -1)],
    ['truncated to half', valid.slice(0, valid.length / 2)],
    ['extended by one character', `${valid}A`],
    ['extended by four characters', `${valid}AAAA`],
    ['padded', `${valid}==`],
    ['in standard base64', Buffer.from(valid, 'base64url').toString('base64')],
    ['with a space', ` ${valid}`],
    ['garbage', 'hello-world'],
    ['very long', 'A'.repeat(MAX_TOKEN_LENGTH + 1)],
    ['huge', 'A'.repeat(5_000_000)],
    ['unicode', 'ünïcødé-🧽-令牌'],
    ['a path traversal', '../../etc/passwd'],
    ['only the tag', valid.slice(-22)],
  ])('answers malformed for a token that is %s', (_, input) => {
    expect(reject(input)).toBe('malformed');
  });

  it('never throws and never accepts for thousands of random strings', () => {
    const random = seededRandom(20260310);
    const alphabets = [BASE64URL_ALPHABET, `${BASE64URL_ALPHABET}+/=. %\u0000`, 'é漢字🧽\uD800\uFEFF\n\t"<>'];
    const outcomes = new Set<string>();

    for (let run = 0; run < 5_000; run += 1) {
      const alphabet = alphabets[run % alphabets.length] ?? BASE64URL_ALPHABET;
      const length = Math.floor(random() * (run % 50 === 0 ? 2_000 : 160));
      let input = '';
      for (let i = 0; i < length; i += 1) input += alphabet[Math.floor(random() * alphabet.length)] ?? '';
      outcomes.add(reject(input));
    }

    expect(outcomes.has('accepted')).toBe(false);
    expect([...outcomes].every((reason) => ['malformed', 'unknown-key', 'bad-signature'].includes(reason))).toBe(true);
  });

  it('never throws and never accepts for thousands of random byte strings shaped like a token', () => {
    const random = seededRandom(7);
    const byte = () => Math.floor(random() * 256);
    const bytes = (length: number) => Array.from({ length }, byte);
    const field = () => {
      // Mostly ASCII, so that many fields are valid UTF-8 and the run reaches the signature check.
      const content = bytes(Math.floor(random() * 40)).map((value) => (random() < 0.98 ? value & 0x7f : value));
      // Now and then a length that does not match what follows.
      const length = random() < 0.1 ? byte() : content.length;
      return [length, ...content];
    };
    const outcomes = new Set<string>();

    for (let run = 0; run < 5_000; run += 1) {
      const shaped = [
        random() < 0.9 ? 0x01 : byte(),
        ...(random() < 0.8 ? [2, 0x6b, 0x31] : field()),
        Math.floor(random() * 5),
        ...bytes(4),
        ...field(),
        ...field(),
        ...field(),
        ...bytes(random() < 0.9 ? 16 : Math.floor(random() * 20)),
      ];
      outcomes.add(reject(Buffer.from(shaped).toString('base64url')));
    }

    expect(outcomes.has('accepted')).toBe(false);
    expect([...outcomes].sort()).toEqual(['bad-signature', 'malformed', 'unknown-key']);
  });
});

describe('what people read when a link does not work', () => {
  const reasons: TokenFailure[] = ['malformed', 'unknown-key', 'bad-signature', 'wrong-purpose', 'expired'];

  it('tells how long links last when one has expired', () => {
    const text = describeTokenFailure('expired', { ttlDays: 30, purpose: 'survey' });

    expect(text.title).toBe('This link has expired');
    expect(text.message).toContain('Links in our emails work for 30 days');
  });

  it('says "1 day", not "1 days"', () => {
    expect(describeTokenFailure('expired', { ttlDays: 1 }).message).toContain('work for 1 day,');
  });

  it('tells someone who wants to unsubscribe how to stop the emails anyway', () => {
    expect(describeTokenFailure('expired', { ttlDays: 30, purpose: 'unsubscribe' }).message).toMatch(/stop these emails/);
  });

  it.each(reasons)('explains %s without technical words', (reason) => {
    const text = describeTokenFailure(reason, { ttlDays: 30 });

    expect(text.title.length).toBeGreaterThan(0);
    expect(`${text.title} ${text.message}`).not.toMatch(/token|signature|HMAC|key id|malformed|purpose/i);
  });
});

describe('linkLifeDays', () => {
  it.each<[TokenPurpose, number, number]>([
    ['survey', 30, 30],
    ['acknowledge', 30, 30],
    ['manage', 14, 14],
    ['unsubscribe', 30, 365],
    ['unsubscribe', 400, 400],
  ])('a %s link with a token life of %i days lives %i days', (purpose, ttl, expected) => {
    expect(linkLifeDays(purpose, ttl)).toBe(expected);
  });
});
