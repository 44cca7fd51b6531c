// The meeting cycle end to end in the local cloud: invitation on creation, the agenda before each
// meeting, exactly-once under duplicate delivery, a new SEQUENCE on change, CANCEL on removal.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '#domain/model.ts';
import { createDocumentClient, repositories, sendKeys } from '#adapters/dynamo/index.ts';
import { SEND_LEASE_MS } from '#app/send-once.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { SCHEDULED_HANDLERS, FUNCTION_NAMES } from '../../local/functions.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { accountJson } from '../support/fixtures.ts';
import { api, clearInbox, inbox, rawMessage, startTestCloud, type StoredEmail } from '../support/cloud.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ clockStart: new Date('2026-11-23T12:00:00Z') });
});

afterAll(async () => {
  await cloud?.stop();
});

beforeEach(async () => {
  await clearInbox(cloud);
});

async function createAccount(overrides: Parameters<typeof accountJson>[0] = {}): Promise<Account> {
  const { status, body } = await api<Account>(cloud, 'POST', '/admin/accounts', accountJson(overrides));
  expect(status).toBe(201);
  return body;
}

const about = (account: Account) => (email: StoredEmail) => email.subject.includes(account.name);

describe('the series invitation', () => {
  it('is sent to contacts and team on creation, as an iCalendar REQUEST', async () => {
    const account = await createAccount({ name: 'Invite Plaza' });

    const [invitation] = (await inbox(cloud)).filter(about(account));
    const raw = await rawMessage(cloud, invitation?.messageId ?? 'none');

    expect(invitation?.subject).toBe('Monthly partnership meeting: Invite Plaza — 2nd Tue, 10:00 CT');
    expect(invitation?.destination.to).toEqual(['"Morgan Lee" <morgan@acmetower.example>']);
    expect(invitation?.destination.cc.join(', ')).toBe('"Dana Reyes" <dana@sparkle.example>, "Luis Ortega" <luis@sparkle.example>');
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(raw).toContain('METHOD:REQUEST');
    expect(raw).toContain(`UID:series-${account.id}@sparkle.example`);
    expect(raw).toContain('SEQUENCE:0');
    expect(raw).toContain('RRULE:FREQ=MONTHLY;BYDAY=2TU');
  });

  it('is sent again with a higher SEQUENCE when the cadence changes', async () => {
    const account = await createAccount({ name: 'Sequence Hall' });
    await clearInbox(cloud);

    await api(cloud, 'PATCH', `/admin/accounts/${account.id}`, {
      cadence: { every: 'month', week: 3, weekday: 'THU', time: '15:00', durationMinutes: 30 },
    });

    const [update] = (await inbox(cloud)).filter(about(account));
    const raw = await rawMessage(cloud, update?.messageId ?? 'none');
    expect(raw).toContain('SEQUENCE:1');
    expect(raw).toContain('RRULE:FREQ=MONTHLY;BYDAY=3TH');
    expect(raw).toContain(`UID:series-${account.id}@sparkle.example`);
  });

  it('is cancelled for a removed contact alone, the others getting an update that asks no one again', async () => {
    const account = await createAccount({
      name: 'Parting Court',
      contacts: [
        { name: 'Morgan Lee', email: 'morgan@acmetower.example' },
        { name: 'Sam Park', email: 'sam@acmetower.example' },
      ],
    });
    await clearInbox(cloud);

    await api(cloud, 'DELETE', `/admin/accounts/${account.id}/contacts/sam@acmetower.example`);

    const sent = (await inbox(cloud)).filter(about(account));
    const cancel = sent.find((e) => e.subject.startsWith('No longer invited: '));
    const update = sent.find((e) => e.subject.startsWith('Updated: '));
    expect(sent).toHaveLength(2);
    expect(cancel?.destination.to).toEqual(['"Sam Park" <sam@acmetower.example>']);
    expect(cancel?.destination.cc).toEqual([]);
    const cancelRaw = await rawMessage(cloud, cancel?.messageId ?? 'none');
    expect(cancelRaw).toContain('METHOD:CANCEL');
    expect(cancelRaw).toContain(`UID:series-${account.id}@sparkle.example`);
    expect(cancelRaw).not.toContain('morgan@acmetower.example');
    expect(update?.destination.to).toEqual(['"Morgan Lee" <morgan@acmetower.example>']);
    const updateRaw = (await rawMessage(cloud, update?.messageId ?? 'none')).replace(/\r\n /g, '');
    expect(updateRaw).toContain('No longer invited: Sam Park.');
    expect(updateRaw).not.toContain('RSVP=TRUE');
  });

  it('is cancelled on removal, and no schedule of the account is left behind', async () => {
    const account = await createAccount({ name: 'Farewell House' });
    await clearInbox(cloud);

    await api(cloud, 'DELETE', `/admin/accounts/${account.id}`);

    const [cancel] = (await inbox(cloud)).filter(about(account));
    const raw = await rawMessage(cloud, cancel?.messageId ?? 'none');
    expect(cancel?.subject).toBe('Cancelled: Monthly partnership meeting: Farewell House — 2nd Tue, 10:00 CT');
    expect(raw).toContain('METHOD:CANCEL');
    expect(raw).toContain('STATUS:CANCELLED');
    expect(raw).toContain('SEQUENCE:1');
    expect(cloud.scheduler.schedules().filter((s) => s.name.includes(account.id))).toEqual([]);
  });
});

describe('the agenda', () => {
  it('arrives three days before the meeting with every section of the practice', async () => {
    const account = await createAccount({ name: 'Agenda Towers', renewalDate: '2027-03-01' });
    await api(cloud, 'POST', `/admin/accounts/${account.id}/events`, {
      type: 'complaint',
      description: 'Lobby glass streaked',
      at: '2026-11-20T10:00:00Z',
    });
    await clearInbox(cloud);

    // The first meeting is Tuesday 8 December 2026 at 10:00 Chicago (16:00Z); its agenda is due on the 5th.
    const fired = await cloud.runUntil(new Date('2026-12-05T16:30:00Z'));

    const agendaRun = fired.find((f) => f.name.startsWith(`agenda-${account.id}`));
    expect(agendaRun).toMatchObject({ scheduledTime: '2026-12-05T16:00:00Z', outcome: 'ok' });
    const agendas = (await inbox(cloud)).filter((e) => e.subject.startsWith('Agenda') && e.body.text?.includes(account.name));
    const agenda = agendas.find((e) => e.destination.to.some((to) => to.includes('morgan@')));
    const teamCopy = agendas.find((e) => e !== agenda);
    expect(agenda?.subject).toBe('Agenda: Agenda Towers, partnership meeting Dec 8, 2026');
    const text = agenda?.body.text ?? '';
    for (const heading of ['1. Personal check-in', '2. Quality', '3. Upcoming needs', '4. Open issues']) {
      expect(text).toContain(heading);
    }
    // A new account has no successes yet: the section is left out rather than filled with promises.
    expect(text).not.toContain('Past successes');
    expect(text).toContain('Hello Morgan,');
    expect(text).toContain('Complaint of Nov 20, 2026: Lobby glass streaked');
    expect(text).not.toContain('/m/');
    expect(teamCopy?.body.text).toMatch(/Account page: http\S+\/m\/\S+/);
    expect(teamCopy?.destination.to.some((to) => to.includes('morgan@'))).toBe(false);
    expect(text).toContain('Tuesday, December 8, 2026 at 10:00 AM CST');
    expect(text).toContain('Window cleaning');
    expect(agenda?.destination.to).toEqual(['"Morgan Lee" <morgan@acmetower.example>']);
    expect(agenda?.body.html).toContain('Lobby glass streaked');
  });

  it('is sent once when the same follow-up is delivered twice at the same time', async () => {
    const account = await createAccount({ name: 'Twice Delivered Center' });
    await clearInbox(cloud);
    const handler = await SCHEDULED_HANDLERS[FUNCTION_NAMES.followup]!();
    const input = { kind: 'agenda', accountId: account.id, meetingId: '2027-01-12T16:00:00Z' };

    const concurrent = await Promise.allSettled([
      handler(input, lambdaContext(FUNCTION_NAMES.followup)),
      handler(input, lambdaContext(FUNCTION_NAMES.followup)),
    ]);
    const later = await handler(input, lambdaContext(FUNCTION_NAMES.followup));

    const agendas = (await inbox(cloud)).filter((e) => e.subject.startsWith('Agenda') && e.body.text?.includes(account.name));
    // One to the contacts, one to the team, each once.
    expect(agendas).toHaveLength(2);
    expect(agendas.filter((e) => e.body.text?.includes('Account page:'))).toHaveLength(1);
    // A delivery that meets the other one mid-send either skips or asks to be retried; it never sends.
    for (const result of concurrent.filter((r) => r.status === 'rejected')) {
      expect(String((result as PromiseRejectedResult).reason)).toContain('is being sent by another delivery');
    }
    expect(later).toMatchObject({ skipped: expect.stringContaining('was already sent') });
  });

  it('is still sent after a delivery died between claiming it and sending it', async () => {
    const account = await createAccount({ name: 'Crash Recovery Court' });
    const repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);
    const input = { kind: 'agenda', accountId: account.id, meetingId: '2027-02-09T16:00:00Z' };
    await repos.once.claimSend(sendKeys.agenda({ accountId: account.id, meetingId: '2027-02-09T16:00:00Z' }), cloud.clock.now(), SEND_LEASE_MS);
    await clearInbox(cloud);
    const handler = await SCHEDULED_HANDLERS[FUNCTION_NAMES.followup]!();

    const duringLease = await handler(input, lambdaContext('retry-1')).catch((error: Error) => error.name);
    cloud.clock.advance(SEND_LEASE_MS + 1_000);
    const afterLease = await handler(input, lambdaContext('retry-2'));

    expect(duringLease).toBe('SendInProgress');
    expect(afterLease).toMatchObject({ done: expect.stringContaining('sent as') });
    // The contacts' agenda once, and the team's copy once.
    expect((await inbox(cloud)).filter((e) => e.subject.startsWith('Agenda'))).toHaveLength(2);
  });

  it('escapes what an operator or customer wrote in the HTML', async () => {
    const account = await createAccount({ name: 'Escape Works' });
    await api(cloud, 'POST', `/admin/accounts/${account.id}/events`, {
      type: 'complaint',
      description: '<script>alert(1)</script> & more',
      at: '2026-11-21T10:00:00Z',
    });
    await clearInbox(cloud);
    const handler = await SCHEDULED_HANDLERS[FUNCTION_NAMES.followup]!();

    await handler({ kind: 'agenda', accountId: account.id, meetingId: '2026-12-08T16:00:00Z' }, lambdaContext('x'));

    const [agenda] = (await inbox(cloud)).filter((e) => e.body.text?.includes(account.name));
    expect(agenda?.body.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(agenda?.body.html).not.toContain('<script>');
  });
});

describe('occurrences', () => {
  it('record the meeting once and schedule its survey, even when delivered twice', async () => {
    const account = await createAccount({ name: 'Occurrence Court' });
    const handler = await SCHEDULED_HANDLERS[FUNCTION_NAMES.occurrence]!();
    const input = { accountId: account.id, scheduledTime: '2026-12-08T16:00:00Z' };

    const outcomes = await Promise.all([handler(input, lambdaContext('a')), handler(input, lambdaContext('b'))]);

    const { body } = await api<{ meetings: { scheduledTime: string; status: string }[] }>(
      cloud,
      'GET',
      `/admin/accounts/${account.id}/meetings`,
    );
    expect(body.meetings).toEqual([expect.objectContaining({ scheduledTime: '2026-12-08T16:00:00Z', status: 'scheduled' })]);
    expect(outcomes.map((o) => JSON.stringify(o))).toEqual(
      expect.arrayContaining([expect.stringContaining('recorded'), expect.stringContaining('already recorded')]),
    );
    const surveys = cloud.scheduler.schedules().filter((s) => s.name.startsWith(`survey-${account.id}`));
    // 10:00 Chicago + 60 min + 2 h = 13:00 Chicago, inside business hours.
    expect(surveys.map((s) => s.nextFireTime)).toEqual(['2026-12-08T19:00:00Z']);
  });

  it('do nothing for a paused account', async () => {
    const account = await createAccount({ name: 'Paused Point' });
    await api(cloud, 'PATCH', `/admin/accounts/${account.id}`, { status: 'paused' });
    const handler = await SCHEDULED_HANDLERS[FUNCTION_NAMES.occurrence]!();

    const outcome = await handler({ accountId: account.id, scheduledTime: '2026-12-08T16:00:00Z' }, lambdaContext('a'));

    expect(outcome).toEqual({ skipped: `account ${account.id} is paused` });
  });

  it('can be marked skipped by an operator once recorded', async () => {
    const account = await createAccount({ name: 'Skipper Yard' });
    const handler = await SCHEDULED_HANDLERS[FUNCTION_NAMES.occurrence]!();
    await handler({ accountId: account.id, scheduledTime: '2026-12-08T16:00:00Z' }, lambdaContext('a'));

    const { status, body } = await api<{ status: string; note: string }>(
      cloud,
      'POST',
      `/admin/accounts/${account.id}/meetings/2026-12-08T16:00:00Z`,
      { status: 'skipped', note: 'Customer travelling' },
    );

    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'skipped', note: 'Customer travelling' });
  });
});

describe('a meeting nobody recorded', () => {
  const MEETING = '2026-12-08T16:00:00Z';

  it('asks the account manager the next business morning, with two links to the manager page, and not once it is recorded', async () => {
    const unrecorded = await createAccount({ name: 'Forgotten Meeting Hall' });
    const recorded = await createAccount({ name: 'Recorded Meeting Hall' });
    const occurrence = await SCHEDULED_HANDLERS[FUNCTION_NAMES.occurrence]!();
    const followup = await SCHEDULED_HANDLERS[FUNCTION_NAMES.followup]!();
    for (const account of [unrecorded, recorded]) {
      await occurrence({ accountId: account.id, scheduledTime: MEETING }, lambdaContext('o'));
    }
    await api(cloud, 'POST', `/admin/accounts/${recorded.id}/meetings/${MEETING}`, { status: 'held' });
    await clearInbox(cloud);

    const asked = await followup({ kind: 'unrecorded', accountId: unrecorded.id, meetingId: MEETING }, lambdaContext('f'));
    const notAsked = await followup({ kind: 'unrecorded', accountId: recorded.id, meetingId: MEETING }, lambdaContext('f'));
    const again = await followup({ kind: 'unrecorded', accountId: unrecorded.id, meetingId: MEETING }, lambdaContext('f'));

    // Tuesday 10:00 Chicago ends at 11:00; the next business morning is Wednesday 08:00 (14:00Z).
    const schedule = cloud.scheduler.schedules().find((s) => s.name.startsWith(`unrecorded-${unrecorded.id}`));
    expect(schedule?.expression).toBe('at(2026-12-09T14:00:00)');
    expect(asked).toMatchObject({ done: expect.any(String) });
    expect(notAsked).toEqual({ skipped: `meeting ${MEETING} is already recorded as held` });
    expect(again).toMatchObject({ skipped: expect.stringContaining('already sent') });
    const emails = (await inbox(cloud)).filter((e) => e.subject.includes('meeting happen?'));
    expect(emails.map((e) => e.subject)).toEqual(['Did the Forgotten Meeting Hall meeting happen?']);
    expect(emails[0]?.destination.to).toEqual(['"Dana Reyes" <dana@sparkle.example>']);
    expect(emails[0]?.body.text).toMatch(/It happened: http\S+\/m\/\S+#meeting-20261208T1600-held/);
    expect(emails[0]?.body.text).toMatch(/It was skipped: http\S+\/m\/\S+#meeting-20261208T1600-skipped/);
  });
});
