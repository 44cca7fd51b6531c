// How long each kind of link lives: an unsubscribe link outlives the survey it came with.
import { describe, expect, it } from 'vitest';
import { signLink, verifyLink } from '#app/links.ts';
import type { TokenPurpose } from '#domain/tokens.ts';

const SECRET = Buffer.alloc(32, 7);
const keys = {
  signingKey: async () => ({ id: 'k1', secret: SECRET }),
  verificationKeys: async () => ({ k1: SECRET }),
};
const SENT = new Date('2027-01-12T18:00:00Z');
const DAY = 86_400_000;
const settings = { publicUrl: 'https://links.sparkle.example', tokenTtlDays: 30 };

describe('a link opened some days after its email was sent', () => {
  it.each<[TokenPurpose, 's' | 'u', number, string]>([
    ['survey', 's', 29, 'verified'],
    ['survey', 's', 31, 'refused'],
    ['unsubscribe', 'u', 31, 'verified'],
    ['unsubscribe', 'u', 364, 'verified'],
    ['unsubscribe', 'u', 366, 'refused'],
  ])('a %s link (/%s/) after %i days is %s', async (purpose, path, days, expected) => {
    const { token, url } = await signLink({ keys }, settings, path, { purpose, accountId: 'acme', subject: '', contact: 'c1' }, SENT);

    const opened = await verifyLink({ keys, now: () => new Date(SENT.getTime() + days * DAY) }, token, purpose);

    expect(url).toBe(`https://links.sparkle.example/${path}/${token}`);
    expect(opened.kind).toBe(expected);
  });
});
