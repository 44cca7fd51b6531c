// Limits through the local cloud: an over-long field or body is refused naming it and writes nothing,
// on the admin API and on the survey page; one survey link answered again and again keeps a bounded
// history while its latest answer is the one that counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ANSWER_REVISIONS_KEPT, LIMITS } from '#contract/limits.ts';
import { keys } from '#contract/table.ts';
import type { Account, AccountEvent, Score } from '#domain/model.ts';
import { createDocumentClient, repositories } from '#adapters/dynamo/index.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { FUNCTION_NAMES, SCHEDULED_HANDLERS } from '../../local/functions.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { accountJson } from '../support/fixtures.ts';
import { api, inbox, startTestCloud } from '../support/cloud.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ clockStart: new Date('2026-11-23T12:00:00Z') });
});

afterAll(async () => {
  await cloud?.stop();
});

const MEETING = '2026-12-08T16:00:00Z';
type Refusal = { error: string; message: string; problems?: { field: string; message: string }[] };

async function accountNamed(name: string): Promise<Account> {
  const { status, body } = await api<Account>(cloud, 'POST', '/admin/accounts', accountJson({ name }));
  expect(status).toBe(201);
  return body;
}

describe('the admin API', () => {
  it('refuses an account with an over-long contact name, naming the field, and stores nothing', async () => {
    const before = await api<{ accounts: Account[] }>(cloud, 'GET', '/admin/accounts');
    const contacts = [
      { name: 'Morgan Lee', email: 'morgan@long.example' },
      { name: 'Ada Park', email: 'ada@long.example' },
      { name: 'x'.repeat(LIMITS.name + 1), email: 'x@long.example' },
    ];

    const { status, body } = await api<Refusal>(cloud, 'POST', '/admin/accounts', accountJson({ name: 'Too Long Towers', contacts }));

    expect(status).toBe(400);
    expect(body.message).toBe(`contacts[2].name: must be at most ${LIMITS.name} characters`);
    const after = await api<{ accounts: Account[] }>(cloud, 'GET', '/admin/accounts');
    expect(after.body.accounts.map((a) => a.name)).toEqual(before.body.accounts.map((a) => a.name));
  });

  it('refuses an over-long patch and event, naming the field, and changes nothing', async () => {
    const account = await accountNamed('Patch Limit Plaza');

    const patched = await api<Refusal>(cloud, 'PATCH', `/admin/accounts/${account.id}`, { location: 'x'.repeat(LIMITS.location + 1) });
    const logged = await api<Refusal>(cloud, 'POST', `/admin/accounts/${account.id}/events`, {
      type: 'note',
      description: 'x'.repeat(LIMITS.description + 1),
    });

    expect([patched.status, patched.body.message]).toEqual([400, `location: must be at most ${LIMITS.location} characters`]);
    expect([logged.status, logged.body.message]).toEqual([400, `description: must be at most ${LIMITS.description} characters`]);
    expect((await api<Account>(cloud, 'GET', `/admin/accounts/${account.id}`)).body).toEqual(account);
    expect((await api<{ events: AccountEvent[] }>(cloud, 'GET', `/admin/accounts/${account.id}/events`)).body.events).toEqual([]);
  });

  it('answers a 600 KB body with a 413 that names the limit, and changes nothing', async () => {
    const account = await accountNamed('Big Body Hall');

    const { status, body } = await api<Refusal>(cloud, 'PATCH', `/admin/accounts/${account.id}`, { name: 'x'.repeat(600 * 1024) });

    expect(status).toBe(413);
    // The JSON around the name makes the body a little over 600 KB.
    expect(body).toEqual({ error: 'TooLarge', message: 'The request body is 601 KB; at most 256 KB is accepted.' });
    expect((await api<Account>(cloud, 'GET', `/admin/accounts/${account.id}`)).body.name).toBe('Big Body Hall');
  });
});

async function surveyLink(name: string): Promise<{ account: Account; url: string }> {
  const account = await accountNamed(name);
  const occurrence = await SCHEDULED_HANDLERS[FUNCTION_NAMES.occurrence]!();
  const followup = await SCHEDULED_HANDLERS[FUNCTION_NAMES.followup]!();
  await occurrence({ accountId: account.id, scheduledTime: MEETING }, lambdaContext('o'));
  await followup({ kind: 'survey', accountId: account.id, meetingId: MEETING }, lambdaContext('f'));
  const email = (await inbox(cloud)).find((e) => e.subject.startsWith(`How did we do at ${name}?`));
  const href = [...(email?.body.html ?? '').matchAll(/href="([^"]+\/s\/[^"?]+)\?score=\d+"/g)][0]?.[1];
  if (!href) throw new Error(`no survey link for ${name}`);
  return { account, url: href };
}

const submit = (url: string, fields: Record<string, string>) => fetch(url, { method: 'POST', body: new URLSearchParams(fields) });

async function scores(account: Account): Promise<Score[]> {
  return (await api<{ scores: Score[] }>(cloud, 'GET', `/admin/accounts/${account.id}/scores`)).body.scores;
}

describe('the survey page', () => {
  it('answers an over-long comment with a page that says so, and records nothing', async () => {
    const { account, url } = await surveyLink('Long Comment Court');

    const response = await submit(url, { mode: 'submit', score: '7', comment: 'x'.repeat(LIMITS.comment + 1) });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain(`Please keep it under ${LIMITS.comment} characters (it has ${LIMITS.comment + 1})`);
    expect(await scores(account)).toEqual([]);
  });

  it('answers a 600 KB form with a 413 page, never a 500, and records nothing', async () => {
    const { account, url } = await surveyLink('Huge Form House');

    const response = await submit(url, { mode: 'submit', score: '7', comment: 'x'.repeat(600 * 1024) });

    expect(response.status).toBe(413);
    expect(await response.text()).toContain('at most 256 KB is accepted');
    expect(await scores(account)).toEqual([]);
  });
});

describe('the answer history', () => {
  const history = async (account: Account) => {
    const { Items = [] } = await createDocumentClient(cloud.dynamo).send(
      new QueryCommand({
        TableName: cloud.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.account.of(account.id).PK, ':prefix': `${keys.answer.prefix}${MEETING}#` },
      }),
    );
    return Items;
  };

  it('keeps at most the current answer and its first versions after 30 answers through one link; the last counts', async () => {
    const { account, url } = await surveyLink('Thirty Answers Tower');

    for (let n = 1; n <= 30; n++) {
      cloud.clock.advance(1000);
      const response = await submit(url, { mode: 'submit', score: String((n % 10) + 1), comment: `answer ${n}` });
      expect(response.status).toBe(200);
    }

    const kept = await history(account);
    expect(kept).toHaveLength(ANSWER_REVISIONS_KEPT);
    expect(kept.map((item) => item.comment)).toEqual(Array.from({ length: ANSWER_REVISIONS_KEPT }, (_, i) => `answer ${i + 1}`));
    expect(await scores(account)).toEqual([expect.objectContaining({ score: 1, comment: 'answer 30', provisional: false })]);
    const page = await (await fetch(url)).text();
    expect(page).toContain('>answer 30</textarea>');
  });

  it('does not pass the cap when answers of one link arrive at once, and keeps one of them as the score', async () => {
    const { account } = await surveyLink('Concurrent Answers Hall');
    const repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);
    const contactId = account.contacts[0]!.id;
    const answer = (n: number): Score => ({
      accountId: account.id,
      meetingId: MEETING,
      contactId,
      scale: 10,
      score: (n % 10) + 1,
      comment: `at once ${n}`,
      answeredAt: new Date(Date.UTC(2026, 11, 9, 12, 0, n)).toISOString(),
      provisional: false,
    });

    await Promise.all(Array.from({ length: 30 }, (_, n) => repos.scores.save(answer(n))));

    expect(await history(account)).toHaveLength(ANSWER_REVISIONS_KEPT);
    const stored = await repos.scores.get(account.id, MEETING, contactId);
    expect(stored?.comment).toMatch(/^at once \d+$/);
  });
});
