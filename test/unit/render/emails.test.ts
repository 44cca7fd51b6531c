import { describe, expect, it } from 'vitest';
import type { Account } from '#domain/model.ts';
import { renderAgenda } from '#render/agenda.ts';
import { renderAlert, trendChart } from '#render/alert.ts';
import { renderInvitation } from '#render/invitation.ts';
import { acknowledgePage, messagePage, surveyPage, unsubscribePage } from '#render/pages.ts';
import { renderSurveyEmail } from '#render/survey.ts';
import { sampleEmails } from '#test/support/emails.ts';
import { buildAccount } from '#test/support/fixtures.ts';

// Every renderer is given text a customer or an operator could have typed; none of it may become markup.
const HOSTILE = `Tom & "Jerry's" <img src=x onerror=alert(1)>`;
const ESCAPED = 'Tom &amp; &quot;Jerry&#39;s&quot; &lt;img src=x onerror=alert(1)&gt;';
const NOW = new Date('2026-11-23T12:00:00Z');
const sender = { companyName: HOSTILE, senderEmail: 'ops@sparkle.example', postalAddress: HOSTILE };
const defaultTeam = {};

function hostileAccount(): Account {
  return buildAccount({ name: HOSTILE, contacts: [{ name: HOSTILE, email: 'morgan@acmetower.example', role: 'FM' }] }, NOW);
}

describe('every renderer escapes what people wrote', () => {
  const account = hostileAccount();
  const contact = account.contacts[0];
  if (contact === undefined) throw new Error('the fixture has a contact');
  const links = { survey: `https://x.example/s?a=1&b="2"`, unsubscribe: 'https://x.example/u?a=1&b=2', honeypot: 'https://x.example/h' };
  const commitment = { id: 'k', accountId: account.id, request: HOSTILE, owner: { name: HOSTILE, email: 'o@x.example' }, status: 'done' as const, createdAt: '2026-09-01T00:00:00.000Z', whatWeDid: HOSTILE };

  it.each([
    ['the agenda', () => renderAgenda({ account, meetingTime: new Date('2026-12-08T16:00:00Z'), scores: [], events: [{ id: 'e', accountId: account.id, type: 'complaint', description: HOSTILE, at: '2026-11-20T00:00:00.000Z' }], commitments: [{ ...commitment, status: 'open' }], catalog: [HOSTILE], defaultTeam, sender })],
    ['the survey email', () => renderSurveyEmail({ account, contact, meetingTime: NOW, pastScores: [], value: { extraServices: [], complaintsResolved: [], upsells: [], complaintsNow: 0, complaintsBefore: 0 }, closedLoops: [commitment], links, sender })],
    ['the alert', () => renderAlert({ account, level: 'critical', reasons: [HOSTILE], cycles: [], comments: [{ author: HOSTILE, text: HOSTILE }], commitments: [{ ...commitment, status: 'open' }], actions: [HOSTILE], daysToRenewal: 10, recipients: [{ name: HOSTILE, email: 'p@x.example' }], acknowledgeUrl: `https://x.example/a?x=1&y="2"`, rung: 1, sender })],
    ['the invitation', () => renderInvitation({ account, method: 'REQUEST', now: NOW, sender, defaultTeam })],
  ])('in %s: the HTML holds the text escaped, the text part holds it whole', (_name, render) => {
    // Act
    const email = render();

    // Assess
    expect(email.html).toContain(ESCAPED);
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toContain('="2"');
    expect(email.text).toContain(HOSTILE);
  });

  it.each([
    ['a message', () => messagePage(400, HOSTILE, [HOSTILE])],
    ['the survey page', () => surveyPage({ action: `/s?a="1"`, accountName: HOSTILE, companyName: HOSTILE, question: HOSTILE, followUp: HOSTILE, scale: 10, answer: { score: 3, comment: HOSTILE, provisional: false }, pastScores: [{ date: HOSTILE, score: 3, scale: 10 }], commentMax: 4000, expiresOn: HOSTILE })],
    ['the unsubscribe page', () => unsubscribePage({ action: `/u?a="1"`, email: HOSTILE, companyName: HOSTILE, done: false })],
    ['the acknowledge page', () => acknowledgePage({ action: `/a?a="1"`, accountName: HOSTILE, reasons: [HOSTILE], acknowledgedBy: HOSTILE })],
  ])('in %s: the text is escaped and no attribute is broken out of', (_name, render) => {
    // Act
    const page = render();

    // Assess
    expect(page.html).toContain(ESCAPED);
    expect(page.html).not.toContain('<img');
    expect(page.html).not.toContain('a="1"');
  });
});

describe('who a reply reaches', () => {
  const emails = sampleEmails();
  const accountManager = { name: 'Dana Reyes', address: 'dana@sparkle.example' };

  // Customer emails and the one-account manager emails answer to the account manager, who owns the
  // account; the digest covers many accounts, so it answers to the deployment's replyTo setting.
  it.each([
    { kind: 'agenda', replyTo: accountManager },
    { kind: 'survey', replyTo: accountManager },
    { kind: 'reminder', replyTo: accountManager },
    { kind: 'invitation', replyTo: accountManager },
    { kind: 'alert', replyTo: accountManager },
    { kind: 'escalation', replyTo: accountManager },
    { kind: 'recovery', replyTo: accountManager },
    { kind: 'digest', replyTo: { name: 'Sparkle Facility Services', address: 'ops@sparkle.example' } },
  ] as const)('the $kind asks replies to go to $replyTo.address', ({ kind, replyTo }) => {
    // Act
    const email = emails[kind];

    // Assess
    expect(email.replyTo).toEqual(replyTo);
  });
});

describe('the alert’s score chart', () => {
  it.each([
    { normalized: 22, colour: '#c53030' },
    { normalized: 50, colour: '#dd6b20' },
    { normalized: 72, colour: '#d69e2e' },
    { normalized: 100, colour: '#38a169' },
  ])('draws a score of $normalized of 100 in $colour', ({ normalized, colour }) => {
    // Act
    const chart = trendChart([{ meetingId: '2026-11-10T15:00:00.000Z', average: normalized / 10, normalized, answers: 1 }], 10).toString();

    // Assess
    expect(chart).toContain(`bgcolor="${colour}"`);
    expect(chart).toContain(`${normalized / 10}\u00a0/\u00a010`);
  });
});

describe('the alert links the manager to the account page', () => {
  it.each([
    ['with a link', 'https://pulse.sparkle.example/m/TOKEN', true],
    ['without one', undefined, false],
  ])('%s', (_what, managerUrl, shown) => {
    const account = hostileAccount();
    const email = renderAlert({
      account,
      level: 'at-risk',
      reasons: ['Average score fell'],
      cycles: [],
      comments: [],
      commitments: [],
      actions: ['Call them'],
      daysToRenewal: 80,
      recipients: [{ name: 'Dana Reyes', email: 'dana@sparkle.example' }],
      acknowledgeUrl: 'https://pulse.sparkle.example/a/ACK',
      ...(managerUrl ? { managerUrl } : {}),
      rung: 0,
      sender,
    });

    expect(email.html.includes('href="https://pulse.sparkle.example/m/TOKEN"')).toBe(shown);
    expect(email.text.includes('The account page: https://pulse.sparkle.example/m/TOKEN')).toBe(shown);
    // "I'm on it" stays first: the account page's link comes after it.
    if (shown) expect(email.html.indexOf('/a/ACK')).toBeLessThan(email.html.indexOf('/m/TOKEN'));
  });
});
