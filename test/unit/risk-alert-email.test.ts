// What the alert email says and where: the subject says what changed, a climb is written for the
// people new to it, the customer's contacts are named, and "I'm on it" comes before the long parts.
import { describe, expect, it } from 'vitest';
import { alertContent, type AlertFacts } from '#domain/alert.ts';
import { renderAlert } from '#render/alert.ts';
import { buildAccount } from '../support/fixtures.ts';

const account = buildAccount({
  name: 'Harbor Medical Plaza',
  timezone: 'America/New_York',
  contacts: [
    { name: 'Dr. Priya Shah', email: 'priya@harbor.example', role: 'Practice director', decisionMaker: true },
    { name: 'Tom Reed', email: 'tom@harbor.example' },
  ],
});

function facts(extra: Partial<AlertFacts> = {}): AlertFacts {
  return { account, level: 'at-risk', comments: [], commitments: [], daysToRenewal: 120, rung: 0, ...extra };
}

describe('alertContent', () => {
  it.each([
    { name: 'a first alert at risk', extra: {}, subject: 'Renewal risk: Harbor Medical Plaza is at risk' },
    { name: 'a first critical alert', extra: { level: 'critical' as const }, subject: 'Critical: Harbor Medical Plaza is critical' },
    {
      name: 'a climb',
      extra: { rung: 1, climb: { businessDays: 3, since: '2026-12-02T16:45:00Z', toldBefore: ['Luis Ortega', 'Ava Chen'] } },
      subject: 'Escalated to you: Harbor Medical Plaza, 3 business days without a response',
    },
    {
      name: 'a climb after one business day',
      extra: { rung: 2, climb: { businessDays: 1, since: '2026-12-02T16:45:00Z', toldBefore: ['Sam Ito'] } },
      subject: 'Escalated to you: Harbor Medical Plaza, 1 business day without a response',
    },
  ])('$name: "$subject"', ({ extra, subject }) => {
    // Act
    const content = alertContent(facts(extra));

    // Assess
    expect(content.subject).toBe(subject);
  });

  it.each([
    { name: 'a first alert says nothing of a climb', extra: {}, escalation: [] },
    {
      name: 'a climb tells its new reader who had it and since when',
      extra: { rung: 1, climb: { businessDays: 3, since: '2026-12-02T16:45:00Z', toldBefore: ['Luis Ortega', 'Ava Chen'] } },
      escalation: ['This alert went to Luis Ortega and Ava Chen on Dec 2, 2026; no one has said “I\'m on it” in 3 business days, so it now comes to you.'],
    },
  ])('$name', ({ extra, escalation }) => {
    // Act
    const content = alertContent(facts(extra));

    // Assess
    expect(content.escalation).toEqual(escalation);
  });

  it('names the customer’s contacts with their role and email', () => {
    // Act
    const { contacts } = alertContent(facts());

    // Assess
    expect(contacts).toEqual(['Dr. Priya Shah, Practice director (decision-maker): priya@harbor.example', 'Tom Reed: tom@harbor.example']);
  });
});

describe('renderAlert', () => {
  it('puts "I\'m on it" before what to do, the contacts and the chart, for the first screen of a phone', () => {
    // Act
    const email = renderAlert({
      ...facts(),
      reasons: ['Latest score is 2.0 out of 5'],
      cycles: [{ meetingId: '2026-12-02T14:00:00.000Z', average: 2, normalized: 25, answers: 2 }],
      actions: ['Call the customer.'],
      recipients: [{ name: 'Ava Chen', email: 'ava@sparkle.example' }],
      acknowledgeUrl: 'https://pulse.example/a/token',
      sender: { companyName: 'Sparkle', senderEmail: 'pulse@sparkle.example', postalAddress: '100 Main Street' },
    });

    // Assess
    const at = (needle: string) => email.html.indexOf(needle);
    expect(at('https://pulse.example/a/token')).toBeGreaterThan(at('Latest score is 2.0 out of 5'));
    expect(at('https://pulse.example/a/token')).toBeLessThan(at('What to do'));
    expect(at('What to do')).toBeLessThan(at('Who to call'));
    expect(at('Who to call')).toBeLessThan(at('Score trend'));
    expect(email.text.indexOf("I'm on it: https://pulse.example/a/token")).toBeLessThan(email.text.indexOf('What to do'));
  });
});
