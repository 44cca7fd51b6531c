import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conflict, NotFound } from '#domain/errors.ts';
import type { Account, AccountEvent, Score } from '#domain/model.ts';
import { buildAccount } from '../support/fixtures.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
});

afterAll(async () => {
  await table.drop();
});

describe('accounts', () => {
  it('reads back an account exactly as it was created', async () => {
    const account = buildAccount();

    await table.store.createAccount(account);

    expect(await table.store.getAccount(account.id)).toEqual(account);
  });

  it('refuses to create a second account with the same id', async () => {
    const account = buildAccount();
    await table.store.createAccount(account);

    await expect(table.store.createAccount({ ...account, name: 'Other' })).rejects.toBeInstanceOf(Conflict);
    expect((await table.store.getAccount(account.id))?.name).toBe(account.name);
  });

  it('answers NotFound for an unknown id when one is required', async () => {
    await expect(table.store.requireAccount('no-such-account')).rejects.toBeInstanceOf(NotFound);
  });

  it('saves a change and raises the version', async () => {
    const account = buildAccount();
    await table.store.createAccount(account);

    const saved = await table.store.saveAccount({ ...account, monthlyValue: 9000 });

    expect(saved.version).toBe(account.version + 1);
    expect(await table.store.getAccount(account.id)).toMatchObject({ monthlyValue: 9000, version: 2 });
  });

  it('rejects a change based on a stale version and keeps the newer one', async () => {
    const account = buildAccount();
    await table.store.createAccount(account);
    await table.store.saveAccount({ ...account, monthlyValue: 1 });

    await expect(table.store.saveAccount({ ...account, monthlyValue: 2 })).rejects.toBeInstanceOf(Conflict);
    expect((await table.store.getAccount(account.id))?.monthlyValue).toBe(1);
  });

  it('lists accounts at a risk level ordered by renewal date through the index', async () => {
    const later = buildAccount({ renewalDate: '2099-03-01' });
    const sooner = buildAccount({ renewalDate: '2099-01-01' });
    const healthy = buildAccount({ renewalDate: '2099-02-01' });
    await table.store.createAccount({ ...later, risk: { level: 'critical', reasons: ['x'], codes: [] } });
    await table.store.createAccount({ ...sooner, risk: { level: 'critical', reasons: ['y'], codes: [] } });
    await table.store.createAccount(healthy);

    const critical = await table.store.listAccounts(['critical']);

    expect(critical.map((a) => a.id)).toEqual([sooner.id, later.id]);
  });

  it('finds the accounts renewing by a date at a level', async () => {
    const soon = buildAccount({ renewalDate: '2098-01-15' });
    const far = buildAccount({ renewalDate: '2098-09-15' });
    await table.store.createAccount({ ...soon, risk: { level: 'watch', reasons: ['s'], codes: [] } });
    await table.store.createAccount({ ...far, risk: { level: 'watch', reasons: ['f'], codes: [] } });

    const renewing = await table.store.accountsRenewingBy('watch', '2098-01-15');

    expect(renewing.map((a) => a.id)).toEqual([soon.id]);
  });

  it('finds an account manager\'s accounts through the second index', async () => {
    const mine = buildAccount({ team: { accountManager: { name: 'Kim', email: 'kim-unique@sparkle.example' } } });
    await table.store.createAccount(mine);

    const found = await table.store.accountsManagedBy('KIM-unique@sparkle.example');

    expect(found.map((a) => a.id)).toEqual([mine.id]);
  });

  it('removes an account with everything recorded under it', async () => {
    const account = buildAccount();
    await table.store.createAccount(account);
    await table.store.recordMeeting({
      accountId: account.id,
      scheduledTime: '2026-12-08T16:00:00Z',
      status: 'held',
      recordedAt: '2026-12-08T16:00:00Z',
    });
    for (let i = 0; i < 30; i++) {
      await table.store.addEvent({
        id: `e${i}`,
        accountId: account.id,
        type: 'note',
        description: `note ${i}`,
        at: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
      });
    }

    await table.store.deleteAccount(account.id);

    expect(await table.store.getAccount(account.id)).toBeUndefined();
    expect(await table.store.recentEvents(account.id, 50)).toEqual([]);
    expect(await table.store.recentMeetings(account.id, 5)).toEqual([]);
  });
});

describe('meetings', () => {
  it('records an occurrence once, however often it is delivered', async () => {
    const account: Account = buildAccount();
    const meeting = {
      accountId: account.id,
      scheduledTime: '2027-01-12T16:00:00Z',
      status: 'scheduled' as const,
      recordedAt: '2027-01-12T16:00:00Z',
    };

    const results = await Promise.all([1, 2, 3].map(() => table.store.recordMeeting(meeting)));

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await table.store.recentMeetings(account.id, 10)).toEqual([meeting]);
  });

  it('refuses to mark a meeting that was never recorded', async () => {
    await expect(
      table.store.saveMeeting({
        accountId: 'nobody',
        scheduledTime: '2027-01-12T16:00:00Z',
        status: 'held',
        recordedAt: '2027-01-12T16:00:00Z',
      }),
    ).rejects.toBeInstanceOf(NotFound);
  });
});

describe('scores and events', () => {
  it('keeps the latest answer per meeting and contact, newest meeting first', async () => {
    const accountId = buildAccount().id;
    const base = { accountId, contactId: 'c1', scale: 10 as const, provisional: false };
    const first: Score = { ...base, meetingId: '2026-10-13T15:00:00Z', score: 8, answeredAt: '2026-10-13T18:00:00Z' };
    const second: Score = { ...base, meetingId: '2026-11-10T16:00:00Z', score: 6, answeredAt: '2026-11-10T18:00:00Z' };
    const changed: Score = { ...second, score: 4, comment: 'Lobby glass', answeredAt: '2026-11-10T19:00:00Z' };

    await table.store.saveScore(first);
    await table.store.saveScore(second);
    await table.store.saveScore(changed);

    expect(await table.store.recentScores(accountId, 10)).toEqual([changed, first]);
  });

  it('reads the scores of the meetings since a date only, newest meeting first', async () => {
    const accountId = buildAccount().id;
    const score = (meetingId: string, contactId: string): Score => ({
      accountId,
      meetingId,
      contactId,
      scale: 10,
      score: 7,
      provisional: false,
      answeredAt: meetingId,
    });
    for (const meetingId of ['2026-09-08T15:00:00Z', '2026-10-13T15:00:00Z', '2026-11-10T16:00:00Z']) {
      await table.store.saveScore(score(meetingId, 'c1'));
      await table.store.saveScore(score(meetingId, 'c2'));
    }

    const since = await table.store.scoresOfMeetings(accountId, '2026-10-13T15:00:00Z');

    expect(since.map((s) => `${s.meetingId} ${s.contactId}`)).toEqual([
      '2026-11-10T16:00:00Z c2',
      '2026-11-10T16:00:00Z c1',
      '2026-10-13T15:00:00Z c2',
      '2026-10-13T15:00:00Z c1',
    ]);
  });

  it('returns the events since a date, oldest first', async () => {
    const accountId = buildAccount().id;
    const event = (id: string, at: string): AccountEvent => ({ id, accountId, type: 'extra-service', description: id, at });
    await table.store.addEvent(event('old', '2026-09-01T10:00:00Z'));
    await table.store.addEvent(event('b', '2026-11-02T10:00:00Z'));
    await table.store.addEvent(event('a', '2026-11-01T10:00:00Z'));

    const since = await table.store.eventsSince(accountId, '2026-10-01T00:00:00Z');

    expect(since.map((e) => e.id)).toEqual(['a', 'b']);
  });

  it('lists open commitments across accounts and drops one once it is done', async () => {
    const accountId = buildAccount().id;
    const commitment = {
      id: `k-${accountId}`,
      accountId,
      request: 'Clean the lobby glass weekly',
      owner: { name: 'Dana Reyes', email: 'dana@sparkle.example' },
      status: 'open' as const,
      createdAt: '2026-11-10T19:00:00Z',
    };
    await table.store.saveCommitment(commitment);
    const openBefore = await table.store.openCommitments();

    await table.store.saveCommitment({ ...commitment, status: 'done', whatWeDid: 'Added to the Friday route', doneAt: '2026-11-20T10:00:00Z' });

    expect(openBefore.map((c) => c.id)).toContain(commitment.id);
    expect((await table.store.openCommitments()).map((c) => c.id)).not.toContain(commitment.id);
    expect(await table.store.commitmentsOf(accountId)).toMatchObject([{ status: 'done' }]);
  });

  it("reads an account's open commitments and those done since a date, never the ones closed before", async () => {
    const accountId = buildAccount().id;
    const base = { accountId, owner: { name: 'Dana Reyes', email: 'dana@sparkle.example' }, createdAt: '2026-06-01T10:00:00Z' };
    await table.store.saveCommitment({ ...base, id: 'open', request: 'Mats at the door', status: 'open' });
    await table.store.saveCommitment({ ...base, id: 'done-lately', request: 'Glass', status: 'done', whatWeDid: 'Weekly', doneAt: '2026-11-02T10:00:00Z' });
    await table.store.saveCommitment({ ...base, id: 'done-long-ago', request: 'Bins', status: 'done', whatWeDid: 'Daily', doneAt: '2026-07-01T10:00:00Z' });

    const live = await table.store.liveCommitments(accountId, '2026-10-13T15:00:00Z');

    expect(live.map((c) => c.id).sort()).toEqual(['done-lately', 'open']);
    expect(await table.store.commitmentsOf(accountId)).toHaveLength(3);
  });
});

describe('survey requests', () => {
  it('note a click only on a survey that was sent, and only a score on its scale', async () => {
    const accountId = buildAccount().id;
    const meetingId = '2026-12-08T16:00:00Z';
    await table.store.recordSurveyRequest({ accountId, meetingId, contactId: 'c1', scale: 5, sentAt: '2026-12-08T19:00:00Z', clicks: [] });

    await table.store.recordClick(accountId, meetingId, 'c1', { score: 4, at: '2026-12-09T08:00:00Z' }, 10);
    await table.store.recordClick(accountId, meetingId, 'c1', { score: 9, at: '2026-12-09T08:01:00Z' }, 10);
    await table.store.recordClick(accountId, meetingId, 'never-sent', { score: 4, at: '2026-12-09T08:02:00Z' }, 10);

    expect((await table.store.getSurveyRequest(accountId, meetingId, 'c1'))?.clicks).toEqual([{ score: 4, at: '2026-12-09T08:00:00Z' }]);
    expect(await table.store.getSurveyRequest(accountId, meetingId, 'never-sent')).toBeUndefined();
  });
});

describe('once-markers', () => {
  it('lets exactly one of many concurrent callers claim a key', async () => {
    const key = `agenda#${Date.now()}`;

    const claims = await Promise.all(Array.from({ length: 5 }, () => table.store.claimOnce(key)));

    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('leases a send: busy while held, claimable again once the lease expires, done once completed', async () => {
    const key = `send#${Date.now()}`;
    const t0 = new Date('2027-01-01T00:00:00Z');

    const first = await table.store.claimSend(key, t0, 60_000);
    const whileHeld = await table.store.claimSend(key, new Date(t0.getTime() + 30_000), 60_000);
    const afterCrash = await table.store.claimSend(key, new Date(t0.getTime() + 61_000), 60_000);
    await table.store.completeSend(key);
    const afterSend = await table.store.claimSend(key, new Date(t0.getTime() + 999_000), 60_000);

    expect([first, whileHeld, afterCrash, afterSend]).toEqual(['claimed', 'busy', 'claimed', 'done']);
  });

  it('keeps a send marker only until DynamoDB\'s TTL may remove it, leased or sent', async () => {
    const key = `agenda#ttl#${Date.now()}`;
    const t0 = new Date('2027-01-01T00:00:00Z');
    const keepUntil = new Date('2027-01-31T00:00:00Z');
    const expiresAt = async () =>
      (await table.client.send(new GetItemCommand({ TableName: table.tableName, Key: { PK: { S: `ONCE#${key}` }, SK: { S: 'ONCE' } } })))
        .Item?.expiresAt?.N;

    await table.store.claimSend(key, t0, 60_000, keepUntil);
    const whileSending = await expiresAt();
    await table.store.completeSend(key, keepUntil);

    expect(whileSending).toBe(String(keepUntil.getTime() / 1000));
    expect(await expiresAt()).toBe(String(keepUntil.getTime() / 1000));
  });

  it('gives a failed send back to be sent again, but keeps a send SES already reported sent', async () => {
    const t0 = new Date('2027-01-01T00:00:00Z');
    const failed = `survey#failed#${Date.now()}`;
    const heardFromSes = `survey#heard#${Date.now()}`;
    await table.store.claimSend(failed, t0, 60_000);
    await table.store.claimSend(heardFromSes, t0, 60_000);
    await table.store.completeSend(heardFromSes);

    await table.store.releaseSend(failed);
    await table.store.releaseSend(heardFromSes);

    expect(await table.store.claimSend(failed, t0, 60_000)).toBe('claimed');
    expect(await table.store.claimSend(heardFromSes, t0, 60_000)).toBe('done');
  });
});
