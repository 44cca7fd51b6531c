// The repositories of an account's history on DynamoDB Local: meetings, scores, events, commitments
// and survey requests, each read by its key range.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFound } from '#domain/errors.ts';
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

describe('meetings', () => {
  it('records an occurrence once, however often it is delivered', async () => {
    const account: Account = buildAccount();
    const meeting = {
      accountId: account.id,
      scheduledTime: '2027-01-12T16:00:00Z',
      status: 'scheduled' as const,
      recordedAt: '2027-01-12T16:00:00Z',
    };

    const results = await Promise.all([1, 2, 3].map(() => table.repos.meetings.record(meeting)));

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await table.repos.meetings.recent(account.id, 10)).toEqual([meeting]);
  });

  it('refuses to mark a meeting that was never recorded', async () => {
    await expect(
      table.repos.meetings.save({
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

    await table.repos.scores.save(first);
    await table.repos.scores.save(second);
    await table.repos.scores.save(changed);

    expect(await table.repos.scores.recent(accountId, 10)).toEqual([changed, first]);
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
      await table.repos.scores.save(score(meetingId, 'c1'));
      await table.repos.scores.save(score(meetingId, 'c2'));
    }

    const since = await table.repos.scores.ofMeetingsSince(accountId, '2026-10-13T15:00:00Z');

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
    await table.repos.events.add(event('old', '2026-09-01T10:00:00Z'));
    await table.repos.events.add(event('b', '2026-11-02T10:00:00Z'));
    await table.repos.events.add(event('a', '2026-11-01T10:00:00Z'));

    const since = await table.repos.events.since(accountId, '2026-10-01T00:00:00Z');

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
    await table.repos.commitments.save(commitment);
    const openBefore = await table.repos.commitments.open();

    await table.repos.commitments.save({ ...commitment, status: 'done', whatWeDid: 'Added to the Friday route', doneAt: '2026-11-20T10:00:00Z' });

    expect(openBefore.map((c) => c.id)).toContain(commitment.id);
    expect((await table.repos.commitments.open()).map((c) => c.id)).not.toContain(commitment.id);
    expect(await table.repos.commitments.of(accountId)).toMatchObject([{ status: 'done' }]);
  });

  it("reads an account's open commitments and those done since a date, never the ones closed before", async () => {
    const accountId = buildAccount().id;
    const base = { accountId, owner: { name: 'Dana Reyes', email: 'dana@sparkle.example' }, createdAt: '2026-06-01T10:00:00Z' };
    await table.repos.commitments.save({ ...base, id: 'open', request: 'Mats at the door', status: 'open' });
    await table.repos.commitments.save({ ...base, id: 'done-lately', request: 'Glass', status: 'done', whatWeDid: 'Weekly', doneAt: '2026-11-02T10:00:00Z' });
    await table.repos.commitments.save({ ...base, id: 'done-long-ago', request: 'Bins', status: 'done', whatWeDid: 'Daily', doneAt: '2026-07-01T10:00:00Z' });

    const live = await table.repos.commitments.live(accountId, '2026-10-13T15:00:00Z');

    expect(live.map((c) => c.id).sort()).toEqual(['done-lately', 'open']);
    expect(await table.repos.commitments.of(accountId)).toHaveLength(3);
  });
});


describe('survey requests', () => {
  it('note a click only on a survey that was sent, and only a score on its scale', async () => {
    const accountId = buildAccount().id;
    const meetingId = '2026-12-08T16:00:00Z';
    await table.repos.surveys.record({ accountId, meetingId, contactId: 'c1', scale: 5, sentAt: '2026-12-08T19:00:00Z', clicks: [] });

    await table.repos.surveys.recordClick(accountId, meetingId, 'c1', { score: 4, at: '2026-12-09T08:00:00Z' }, 10);
    await table.repos.surveys.recordClick(accountId, meetingId, 'c1', { score: 9, at: '2026-12-09T08:01:00Z' }, 10);
    await table.repos.surveys.recordClick(accountId, meetingId, 'never-sent', { score: 4, at: '2026-12-09T08:02:00Z' }, 10);

    expect((await table.repos.surveys.get(accountId, meetingId, 'c1'))?.clicks).toEqual([{ score: 4, at: '2026-12-09T08:00:00Z' }]);
    expect(await table.repos.surveys.get(accountId, meetingId, 'never-sent')).toBeUndefined();
  });
});
