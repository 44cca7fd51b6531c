// Exactly-once on DynamoDB Local: once-markers, send leases, and the TTL every marker carries.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '#contract/table.ts';
import { ALERT_MARKER_DAYS, markerKeys, SEND_MARKER_DAYS, sendKeys, type MarkerKey, type SendKey } from '#adapters/dynamo/once.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
});

afterAll(async () => {
  await table.drop();
});

const DAY_S = 86_400;
let unique = 0;
/** An account id no other test uses, so that keys never collide. */
const fresh = () => `acct-${Date.now()}-${unique++}`;

async function expiresAtOf(key: string): Promise<number | undefined> {
  const { Item } = await table.client.send(
    new GetItemCommand({ TableName: table.tableName, Key: { PK: { S: keys.once.of(key).PK }, SK: { S: 'ONCE' } } }),
  );
  return Item?.expiresAt?.N === undefined ? undefined : Number(Item.expiresAt.N);
}

describe('once-markers', () => {
  it('lets exactly one of many concurrent callers claim a key', async () => {
    const key = markerKeys.alertReason({ accountId: fresh(), cycle: '2027-01-12T16:00:00Z', code: 'declining' });
    const now = new Date('2027-01-12T18:00:00Z');

    const claims = await Promise.all(Array.from({ length: 5 }, () => table.repos.once.claim(key, now)));

    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await table.repos.once.has(key)).toBe(true);
  });

  it('leases a send: busy while held, claimable again once the lease expires, done once completed', async () => {
    const key = sendKeys.agenda({ accountId: fresh(), meetingId: '2027-01-12T16:00:00Z' });
    const t0 = new Date('2027-01-01T00:00:00Z');

    const first = await table.repos.once.claimSend(key, t0, 60_000);
    const whileHeld = await table.repos.once.claimSend(key, new Date(t0.getTime() + 30_000), 60_000);
    const afterCrash = await table.repos.once.claimSend(key, new Date(t0.getTime() + 61_000), 60_000);
    await table.repos.once.completeSend(key, new Date(t0.getTime() + 62_000));
    const afterSend = await table.repos.once.claimSend(key, new Date(t0.getTime() + 999_000), 60_000);

    expect([first, whileHeld, afterCrash, afterSend]).toEqual(['claimed', 'busy', 'claimed', 'done']);
  });

  it('gives a failed send back to be sent again, but keeps a send SES already reported sent', async () => {
    const t0 = new Date('2027-01-01T00:00:00Z');
    const failed = sendKeys.survey({ accountId: fresh(), meetingId: 'm', contactId: 'failed' });
    const heardFromSes = sendKeys.survey({ accountId: fresh(), meetingId: 'm', contactId: 'heard' });
    await table.repos.once.claimSend(failed, t0, 60_000);
    await table.repos.once.claimSend(heardFromSes, t0, 60_000);
    await table.repos.once.completeSend(heardFromSes, t0);

    await table.repos.once.releaseSend(failed);
    await table.repos.once.releaseSend(heardFromSes);

    expect(await table.repos.once.claimSend(failed, t0, 60_000)).toBe('claimed');
    expect(await table.repos.once.claimSend(heardFromSes, t0, 60_000)).toBe('done');
  });

  it('spells each send key as the emails already sent carry it in their tags', () => {
    expect([
      sendKeys.agenda({ accountId: 'a', meetingId: 'm' }),
      sendKeys.survey({ accountId: 'a', meetingId: 'm', contactId: 'c' }),
      sendKeys.reminder({ accountId: 'a', meetingId: 'm', contactId: 'c' }),
      sendKeys.invitation({ accountId: 'a', sequence: 3, method: 'CANCEL' }),
      sendKeys.digest({ monday: '2027-01-11', email: 'kim@sparkle.example' }),
      sendKeys.alert({ accountId: 'a', alertId: 'x', rung: 1, email: 'kim@sparkle.example' }),
      sendKeys.recovery({ accountId: 'a', cycle: 'm' }),
      markerKeys.alertReason({ accountId: 'a', cycle: 'm', code: 'declining' }),
      markerKeys.alertLevel({ accountId: 'a', cycle: 'm', level: 'critical' }),
    ]).toEqual([
      'agenda#a#m',
      'survey#a#m#c',
      'reminder#a#m#c',
      'invitation#a#3#CANCEL',
      'digest#2027-01-11#kim@sparkle.example',
      'alert#a#x#1#kim@sparkle.example',
      'recovery#a#m',
      'alert-reason#a#m#declining',
      'alert-level#a#m#critical',
    ]);
  });
});

describe('the TTL of once-markers', () => {
  const now = new Date('2027-01-01T00:00:00Z');
  const nowS = now.getTime() / 1000;

  const markers: [string, () => MarkerKey][] = [
    ['an alert reason', () => markerKeys.alertReason({ accountId: fresh(), cycle: '2027-01-12T16:00:00Z', code: 'declining' })],
    ['an alert level', () => markerKeys.alertLevel({ accountId: fresh(), cycle: '2027-01-12T16:00:00Z', level: 'critical' })],
  ];
  it.each(markers)('keeps the marker of %s for the alert horizon', async (_kind, build) => {
    const key = build();

    await table.repos.once.claim(key, now);

    expect(await expiresAtOf(key)).toBe(nowS + ALERT_MARKER_DAYS * DAY_S);
  });

  const sends: [string, () => SendKey][] = [
    ['an agenda', () => sendKeys.agenda({ accountId: fresh(), meetingId: 'm' })],
    ['a survey', () => sendKeys.survey({ accountId: fresh(), meetingId: 'm', contactId: 'c' })],
    ['a reminder', () => sendKeys.reminder({ accountId: fresh(), meetingId: 'm', contactId: 'c' })],
    ['an invitation', () => sendKeys.invitation({ accountId: fresh(), sequence: 1, method: 'REQUEST' })],
    ['a digest', () => sendKeys.digest({ monday: '2027-01-11', email: `${fresh()}@sparkle.example` })],
    ['an alert', () => sendKeys.alert({ accountId: fresh(), alertId: 'x', rung: 0, email: 'kim@sparkle.example' })],
    ['a recovery', () => sendKeys.recovery({ accountId: fresh(), cycle: 'm' })],
  ];
  it.each(sends)('keeps the send marker of %s while leased and once sent, counted from the last change', async (_kind, build) => {
    const key = build();
    const sentAt = new Date(now.getTime() + 90_000);

    await table.repos.once.claimSend(key, now, 60_000);
    const whileSending = await expiresAtOf(key);
    await table.repos.once.completeSend(key, sentAt);

    expect(whileSending).toBe(nowS + SEND_MARKER_DAYS * DAY_S);
    expect(await expiresAtOf(key)).toBe(Math.floor(sentAt.getTime() / 1000) + SEND_MARKER_DAYS * DAY_S);
  });

  it('keeps the marker SES\'s Send event writes when the sender died before marking it', async () => {
    const key = sendKeys.agenda({ accountId: fresh(), meetingId: 'm' });

    await table.repos.once.completeSend(key, now);

    expect(await expiresAtOf(key)).toBe(nowS + SEND_MARKER_DAYS * DAY_S);
  });
});
