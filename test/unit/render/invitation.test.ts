import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { applyChange, removeContact } from '#domain/accounts.ts';
import type { Account } from '#domain/model.ts';
import { seriesOf } from '#domain/series.ts';
import { renderAgenda } from '#render/agenda.ts';
import { invitationSubject, renderInvitation, type InvitationInput } from '#render/invitation.ts';
import { buildAccount } from '#test/support/fixtures.ts';

const CREATED = new Date('2026-11-23T12:00:00Z');
const LATER = new Date('2027-02-20T12:00:00Z');
const sender = { companyName: 'Sparkle Cleaning', senderEmail: 'ops@sparkle.example', postalAddress: '1 Main St, Springfield' };

function render(input: Partial<InvitationInput> & { account: Account }) {
  return renderInvitation({ method: 'REQUEST', now: CREATED, sender, defaultTeam: {}, ...input });
}

function vevent(content: string): ICAL.Component {
  const event = new ICAL.Component(ICAL.parse(content) as unknown[]).getFirstSubcomponent('vevent');
  if (event === null) throw new Error('no VEVENT');
  return event;
}

function asked(content: string): Record<string, string> {
  return Object.fromEntries(
    vevent(content)
      .getAllProperties('attendee')
      .map((a) => [String(a.getFirstValue()).replace('mailto:', ''), `${String(a.getParameter('partstat') ?? '-')} ${String(a.getParameter('rsvp'))}`]),
  );
}

const twoContacts = () =>
  buildAccount({ contacts: [{ name: 'Morgan Lee', email: 'morgan@acmetower.example' }, { name: 'Sam Park', email: 'sam@acmetower.example' }] }, CREATED);

describe('the invitation subject', () => {
  it.each([
    [{}, 'Monthly partnership meeting: Acme Tower — 2nd Tue, 10:00 CT'],
    [{ timezone: 'Africa/Casablanca' }, 'Monthly partnership meeting: Acme Tower — 2nd Tue, 10:00 Casablanca time'],
    [{ cadence: { every: 'quarter', week: 'last', weekday: 'FRI', time: '16:30', durationMinutes: 45 } }, 'Quarterly partnership meeting: Acme Tower — last Fri, 16:30 CT'],
  ])('for %j is "%s"', (overrides, subject) => {
    // Act
    const email = render({ account: buildAccount(overrides, CREATED) });

    // Assess
    expect(email.subject).toBe(subject);
    expect(invitationSubject(buildAccount(overrides, CREATED), CREATED)).toBe(subject);
    expect(email.subject.length).toBeLessThanOrEqual(80);
  });
});

describe('an update', () => {
  it.each([
    { change: 'a new contact', patch: (a: Account) => ({ contacts: [...a.contacts, { id: 'c9', name: 'Ada Wong', email: 'ada@acmetower.example', status: 'active' as const }] }), asks: ['ada@acmetower.example'] },
    { change: 'a location', patch: () => ({ location: 'Suite 400, 12 Elm St' }), asks: [] },
    { change: 'a new time', patch: () => ({ cadence: { every: 'month' as const, week: 2 as const, weekday: 'WED' as const, time: '09:30', durationMinutes: 60 } }), asks: ['morgan@acmetower.example', 'sam@acmetower.example', 'luis@sparkle.example'] },
  ])('after $change asks to respond only $asks', ({ patch, asks }) => {
    // Prepare
    const before = twoContacts();
    const after = applyChange(before, patch(before), LATER);

    // Act
    const email = render({ account: after, before, now: LATER });

    // Assess
    const answers = asked(email.calendar?.content ?? '');
    const askedAgain = Object.entries(answers).filter(([, v]) => v === 'NEEDS-ACTION TRUE').map(([k]) => k);
    expect(askedAgain.sort()).toEqual([...asks].sort());
    expect(answers['dana@sparkle.example']).toBe('ACCEPTED FALSE');
    expect(email.subject.startsWith('Updated: ')).toBe(true);
  });

  it('says what changed and starts a new series from the next meeting, the old one ending where it takes over', () => {
    // Prepare
    const before = twoContacts();
    const after = applyChange(before, { cadence: { every: 'month', week: 2, weekday: 'WED', time: '09:30', durationMinutes: 60 } }, LATER);

    // Act
    const update = render({ account: after, before, now: LATER });
    const ending = render({ account: after, before, now: LATER, ending: { ...seriesOf(before, LATER), until: LATER } });

    // Assess
    expect(update.text).toContain('Now the 2nd Wednesday at 09:30, from March 10.');
    const next = vevent(update.calendar?.content ?? '');
    expect(next.getFirstPropertyValue('uid')).toBe(`series-${after.id}-1@sparkle.example`);
    expect(String(next.getFirstPropertyValue('dtstart'))).toBe('2027-03-10T09:30:00');
    const old = vevent(ending.calendar?.content ?? '');
    expect(old.getFirstPropertyValue('uid')).toBe(`series-${after.id}@sparkle.example`);
    expect(String(old.getFirstPropertyValue('dtstart'))).toBe('2026-12-08T10:00:00');
    expect(String(old.getFirstPropertyValue('rrule'))).toBe('FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270220T120000Z');
    expect(old.getFirstPropertyValue('sequence')).toBe(after.sequence);
    expect(Object.values(asked(ending.calendar?.content ?? '')).filter((v) => v === 'NEEDS-ACTION TRUE')).toEqual([]);
    expect(ending.subject).toMatch(/^Moved: /);
  });
});

describe('a removed contact', () => {
  it('gets a CANCEL of the series addressed to them alone', () => {
    // Prepare
    const before = twoContacts();
    const after = removeContact(before, 'morgan@acmetower.example', LATER);

    // Act
    const email = render({ account: after, before, now: LATER, method: 'CANCEL', only: [{ name: 'Morgan Lee', email: 'morgan@acmetower.example' }] });

    // Assess
    expect(email.to).toEqual([{ name: 'Morgan Lee', address: 'morgan@acmetower.example' }]);
    expect(email.cc).toBeUndefined();
    const event = vevent(email.calendar?.content ?? '');
    expect(event.getAllProperties('attendee').map((a) => a.getFirstValue())).toEqual(['mailto:morgan@acmetower.example']);
    expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.getFirstPropertyValue('uid')).toBe(`series-${before.id}@sparkle.example`);
    expect(email.calendar?.method).toBe('CANCEL');
  });
});

describe('the From address', () => {
  it.each([
    { senderDomain: 'sparkle.example', from: { name: 'Dana Reyes', address: 'dana@sparkle.example' } },
    { senderDomain: 'SPARKLE.example', from: { name: 'Dana Reyes', address: 'dana@sparkle.example' } },
    { senderDomain: 'other.example', from: { name: 'Dana Reyes (Sparkle Cleaning)', address: 'ops@sparkle.example' } },
    { senderDomain: undefined, from: { name: 'Dana Reyes (Sparkle Cleaning)', address: 'ops@sparkle.example' } },
  ])('with senderDomain $senderDomain is $from.address, the ORGANIZER being the manager', ({ senderDomain, from }) => {
    // Act
    const email = renderInvitation({ account: buildAccount({}, CREATED), method: 'REQUEST', now: CREATED, defaultTeam: {}, sender: { ...sender, senderDomain } });

    // Assess
    expect(email.from).toEqual(from);
    expect(vevent(email.calendar?.content ?? '').getFirstPropertyValue('organizer')).toBe('mailto:dana@sparkle.example');
  });
});

describe('the location', () => {
  it.each([
    { location: 'https://meet.example/acme-tower', join: true },
    { location: 'Suite 400, 12 Elm St, Springfield', join: false },
  ])('$location is LOCATION, and a link is also the join line of the description and the email', ({ location, join }) => {
    // Act
    const email = render({ account: buildAccount({ location }, CREATED) });

    // Assess
    const event = vevent(email.calendar?.content ?? '');
    expect(event.getFirstPropertyValue('location')).toBe(location);
    expect(String(event.getFirstPropertyValue('description')).includes(`Join: ${location}`)).toBe(join);
    expect(email.html.includes(`href="${location}"`)).toBe(join);
    expect(email.text).toContain(join ? `Join: ${location}` : `Where: ${location}`);
  });
});

describe('a contact who unsubscribed from surveys', () => {
  it('is still invited and still gets the agenda', () => {
    // Prepare
    const account = buildAccount({}, CREATED);
    const unsubscribed: Account = { ...account, contacts: account.contacts.map((c) => ({ ...c, status: 'unsubscribed' as const })) };
    const bounced: Account = { ...account, contacts: account.contacts.map((c) => ({ ...c, status: 'bounced' as const })) };

    // Act
    const invitation = render({ account: unsubscribed });
    const agenda = renderAgenda({ account: unsubscribed, meetingTime: new Date('2026-12-08T16:00:00Z'), scores: [], events: [], commitments: [], catalog: [], defaultTeam: {}, sender });
    const agendaBounced = renderAgenda({ account: bounced, meetingTime: new Date('2026-12-08T16:00:00Z'), scores: [], events: [], commitments: [], catalog: [], defaultTeam: {}, sender });

    // Assess
    expect(invitation.to.map((m) => m.address)).toEqual(['morgan@acmetower.example']);
    expect(agenda.to.map((m) => m.address)).toEqual(['morgan@acmetower.example']);
    expect(agendaBounced.to.map((m) => m.address)).not.toContain('morgan@acmetower.example');
  });
});
