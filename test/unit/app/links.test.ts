// managerLink: the link every alert, escalation, digest and agenda gives a manager to an account page.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MANAGER_LINK_DAYS, managerLink, verifyLink } from '#app/links.ts';

const key = { id: 'k1', secret: Buffer.alloc(32, 7) };
const ports = { keys: { signingKey: async () => key, verificationKeys: async () => ({ k1: key.secret }) } };
const NOW = new Date('2026-12-01T12:00:00Z');
const DAY = 86_400_000;

const tokenOf = (url: string) => url.split('/m/')[1] ?? '';
const at = (time: number) => ({ ...ports, now: () => new Date(time) });

describe('managerLink', () => {
  it('signs /m/{token} for one account and one person (by lower-case email), for the manage page only', async () => {
    const url = await managerLink(ports, { publicUrl: 'https://pulse.example' }, 'acme-tower', 'Dana@Sparkle.example', NOW);

    const verified = await verifyLink(at(NOW.getTime()), tokenOf(url), 'manage');
    const asAcknowledgement = await verifyLink(at(NOW.getTime()), tokenOf(url), 'acknowledge');

    expect(url).toMatch(/^https:\/\/pulse\.example\/m\/[A-Za-z0-9_-]+$/);
    expect(verified).toMatchObject({ kind: 'verified', claims: { purpose: 'manage', accountId: 'acme-tower', subject: '', contact: 'dana@sparkle.example' } });
    expect(asAcknowledgement).toMatchObject({ kind: 'refused', reason: 'wrong-purpose' });
  });

  it.each([
    ['by default', undefined, DEFAULT_MANAGER_LINK_DAYS],
    ['with managerLinkDays', 3, 3],
  ])('works until its last day and not after, %s', async (_how, managerLinkDays, days) => {
    const url = await managerLink(ports, { publicUrl: 'https://pulse.example', ...(managerLinkDays ? { managerLinkDays } : {}) }, 'acme-tower', 'dana@sparkle.example', NOW);

    const lastMinute = await verifyLink(at(NOW.getTime() + days * DAY - 60_000), tokenOf(url), 'manage');
    const after = await verifyLink(at(NOW.getTime() + days * DAY), tokenOf(url), 'manage');

    expect(days).toBe(managerLinkDays ?? 14);
    expect(lastMinute.kind).toBe('verified');
    expect(after).toMatchObject({ kind: 'refused', reason: 'expired' });
  });
});
