// A use case declares exactly the ports it uses, so the compiler rejects a handler that wires it
// without one of them (there is no stand-in that fails at run time). The `@ts-expect-error` lines
// are the test: `tsc --noEmit` fails if a port they leave out stops being required.
import { describe, expect, it } from 'vitest';
import { acknowledge } from '#app/acknowledgement.ts';
import type { Renderers } from '#app/emails.ts';
import { sendAgenda, type AgendaPorts } from '#app/meetings.ts';
import type { Stores } from '#app/ports.ts';

const absent = { get: async () => undefined };
const stores = { accounts: absent } as unknown as Stores;
const render = {} as Renderers;
const now = () => new Date('2027-01-12T16:00:00Z');
const mailer = { send: async () => ({ messageId: 'm' }) };
const keys = { signingKey: async () => ({ id: 'k', secret: Buffer.from('s') }), verificationKeys: async () => ({}) };
const settings = { catalog: [], defaultTeam: {}, sender: { companyName: 'C', senderEmail: 'c@example.com', postalAddress: 'P' } };

describe("a use case's ports", () => {
  it('are enough to run it when all are given', async () => {
    const ports: AgendaPorts = { ...stores, now, render, mailer, keys };

    expect(await sendAgenda(ports, settings, 'gone', '2027-01-12T16:00:00Z')).toEqual({ skipped: 'account gone no longer exists' });
  });

  it('are checked by the compiler: a handler cannot leave one out', () => {
    const withoutMailer = { ...stores, now, render };
    const withoutKeys = { ...stores, now };

    // @ts-expect-error the agenda is sent by email: no mailer, no agenda
    const agenda = () => sendAgenda(withoutMailer, settings, 'a', '2027-01-12T16:00:00Z');
    // @ts-expect-error an acknowledgement link is verified with the signing keys
    const acknowledgement = () => acknowledge(withoutKeys, 'token', 'GET');

    expect([agenda, acknowledgement].every((call) => typeof call === 'function')).toBe(true);
  });
});
