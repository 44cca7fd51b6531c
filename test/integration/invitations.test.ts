// The series invitation over time, in the local cloud: a contact who unsubscribes from surveys stays
// in the meeting; a change of time after meetings were held ends the old series where the new one
// starts, so every calendar keeps the meetings already held where they were.
import ICAL from 'ical.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocumentClient, repositories } from '#adapters/dynamo/index.ts';
import { setContactStatus } from '#app/contacts.ts';
import type { Account } from '#domain/model.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { accountJson } from '../support/fixtures.ts';
import { api, clearInbox, inbox, rawMessage, startTestCloud } from '../support/cloud.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ clockStart: new Date('2026-11-23T12:00:00Z'), tick: false });
});

afterAll(async () => {
  await cloud?.stop();
});

function calendarOf(raw: string): ICAL.Component {
  const match = /BEGIN:VCALENDAR[\s\S]*END:VCALENDAR\r?\n/.exec(raw.replace(/=\r?\n/g, ''));
  if (match === null) throw new Error('no calendar part');
  return new ICAL.Component(ICAL.parse(match[0]) as unknown[]);
}

it('keeps a contact who unsubscribed from surveys in the meeting: no new invitation, and the agenda still comes', async () => {
  // Prepare
  const { body: account } = await api<Account>(cloud, 'POST', '/admin/accounts', accountJson({ name: 'Quiet Tower' }));
  const repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);
  const contact = account.contacts[0];
  await clearInbox(cloud);

  // Act: what the unsubscribe link does.
  await setContactStatus({ accounts: repos.accounts, now: () => cloud.clock.now() }, account.id, contact?.id ?? 'none', 'unsubscribed');
  await cloud.runUntil(new Date('2026-12-05T16:30:00Z'));

  // Assess
  const stored = await repos.accounts.get(account.id);
  expect(stored?.contacts[0]?.status).toBe('unsubscribed');
  expect(stored?.sequence).toBe(account.sequence);
  const sent = (await inbox(cloud)).filter((e) => !e.subject.startsWith('Weekly digest') && (e.subject.includes('Quiet Tower') || e.body.text?.includes('Quiet Tower')));
  // The contacts' agenda and the team's own copy; no invitation.
  expect(sent.map((e) => e.subject)).toEqual(['Agenda: Quiet Tower, partnership meeting Dec 8, 2026', 'Agenda: Quiet Tower, partnership meeting Dec 8, 2026']);
  expect(sent.map((e) => e.destination.to)).toContainEqual(['"Morgan Lee" <morgan@acmetower.example>']);
});

it('ends the old series with UNTIL and starts a new UID from the next meeting at the new time', async () => {
  // Prepare: created in November, first meeting Dec 8; the change comes in late February.
  const { body: account } = await api<Account>(cloud, 'POST', '/admin/accounts', accountJson({ name: 'Split Plaza' }));
  cloud.clock.set(new Date('2027-02-20T12:00:00Z'));
  await clearInbox(cloud);

  // Act
  const { status } = await api(cloud, 'PATCH', `/admin/accounts/${account.id}`, {
    cadence: { every: 'month', week: 2, weekday: 'WED', time: '09:30', durationMinutes: 60 },
  });

  // Assess
  expect(status).toBe(200);
  const sent = (await inbox(cloud)).filter((e) => e.subject.includes('Split Plaza'));
  expect(sent.map((e) => e.subject).sort()).toEqual([
    'Moved: Monthly partnership meeting: Split Plaza — 2nd Tue, 10:00 CT',
    'Updated: Monthly partnership meeting: Split Plaza — 2nd Wed, 09:30 CT',
  ]);
  const moved = sent.find((e) => e.subject.startsWith('Moved'));
  const updated = sent.find((e) => e.subject.startsWith('Updated'));
  const old = calendarOf(await rawMessage(cloud, moved?.messageId ?? 'none')).getFirstSubcomponent('vevent');
  const next = calendarOf(await rawMessage(cloud, updated?.messageId ?? 'none')).getFirstSubcomponent('vevent');
  expect(old?.getFirstPropertyValue('uid')).toBe(`series-${account.id}@sparkle.example`);
  expect(String(old?.getFirstPropertyValue('dtstart'))).toBe('2026-12-08T10:00:00');
  expect(String(old?.getFirstPropertyValue('rrule'))).toBe('FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270220T120000Z');
  expect(old?.getFirstPropertyValue('sequence')).toBe(1);
  expect(next?.getFirstPropertyValue('uid')).toBe(`series-${account.id}-1@sparkle.example`);
  expect(String(next?.getFirstPropertyValue('dtstart'))).toBe('2027-03-10T09:30:00');
  expect(String(next?.getFirstPropertyValue('rrule'))).toBe('FREQ=MONTHLY;BYDAY=2WE');
  const updatedRaw = await rawMessage(cloud, updated?.messageId ?? 'none');
  expect(updatedRaw.replace(/=\r?\n/g, '')).toContain('Now the 2nd Wednesday at 09:30, from March 10.');
});
