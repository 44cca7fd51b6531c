// How the local inbox describes a kept message: its headers as MailComposer writes them (folded,
// RFC 2047 encoded words) and its kind from the send key SES carries as a message tag.
import { describe, expect, test } from 'vitest';
import { compose } from '#adapters/mailer.ts';
import { useClockSource } from '#adapters/clock.ts';
import { decodeWords, describeKept } from '../../local/ses.ts';

describe('decodeWords', () => {
  test.each([
    ['plain ASCII stays as is', 'Agenda for our meeting', 'Agenda for our meeting'],
    ['Q-encoded UTF-8', '=?UTF-8?Q?Harbor_Medical_Plaza_=E2=80=94_risk?=', 'Harbor Medical Plaza — risk'],
    ['B-encoded UTF-8', '=?UTF-8?B?Q2Fmw6kgUm9zc28=?=', 'Café Rosso'],
    ['adjacent encoded words join without the space between them', '=?UTF-8?Q?a=C3=A9?= =?UTF-8?Q?_b?=', 'aé b'],
    ['text around an encoded word is kept', 'How did we do at =?UTF-8?Q?Caf=C3=A9?=?', 'How did we do at Café?'],
  ])('%s', (_, encoded, decoded) => {
    expect(decodeWords(encoded)).toBe(decoded);
  });
});

describe('describeKept', () => {
  test('reads the recipients, the subject, the Date header on the virtual clock and the kind from the send tag', async () => {
    const virtual = new Date('2027-03-02T14:05:00Z');
    useClockSource(() => virtual);
    const raw = await compose({
      from: { name: 'Sparkle Facility Services', address: 'surveys@sparkle.example' },
      to: [
        { name: 'Shah, Priya', address: 'priya@harbormed.example' },
        { name: 'Tom Ellis', address: 'tom@harbormed.example' },
      ],
      subject: 'How did we do at Harbor Medical Plaza — this month? A long subject that MailComposer folds over lines',
      text: 'text',
      html: '<p>html</p>',
    });
    useClockSource(() => new Date());
    const sendKey = Buffer.from('survey#harbor#2027-03-02T14:00:00Z#priya').toString('base64url');

    const kept = describeKept('0100-abc', raw, { send: [sendKey] }, 7);

    expect(kept).toEqual({
      id: '0100-abc',
      to: ['"Shah, Priya" <priya@harbormed.example>', 'Tom Ellis <tom@harbormed.example>'],
      subject: 'How did we do at Harbor Medical Plaza — this month? A long subject that MailComposer folds over lines',
      date: '2027-03-02T14:05:00.000Z',
      kind: 'survey',
      keptAt: 7,
    });
  });

  test('a message without a send tag is of kind "other"', async () => {
    const raw = await compose({ from: { name: 'A', address: 'a@b.example' }, to: [{ name: 'C', address: 'c@d.example' }], subject: 'Hi', text: 't', html: 'h' });

    expect(describeKept('x', raw, {}).kind).toBe('other');
  });
});
