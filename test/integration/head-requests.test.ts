// HEAD over real HTTP in the local cloud reaches the production HEAD path of the public pages (the
// `HEAD /path` routes the stack declares), which changes nothing; GET of the same link does.
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '#domain/model.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { FUNCTION_NAMES, SCHEDULED_HANDLERS } from '../../local/functions.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { accountJson } from '../support/fixtures.ts';
import { api, clearInbox, inbox, startTestCloud } from '../support/cloud.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ clockStart: new Date('2026-11-23T12:00:00Z') });
}, 120_000);

afterAll(async () => {
  await cloud?.stop();
});

const MEETING = '2026-12-08T16:00:00Z';

/** The honeypot link of a fresh survey email: a GET of it marks the survey request as scanned. */
async function honeypotOfNewSurvey(name: string): Promise<{ account: Account; honeypot: string }> {
  const contact = { name: 'Morgan Lee', email: `morgan@${name.toLowerCase().replace(/\W/g, '')}.example` };
  const { body: account } = await api<Account>(cloud, 'POST', '/admin/accounts', accountJson({ name, contacts: [contact] }));
  const occurrence = await SCHEDULED_HANDLERS[FUNCTION_NAMES.occurrence]!();
  const followup = await SCHEDULED_HANDLERS[FUNCTION_NAMES.followup]!();
  await occurrence({ accountId: account.id, scheduledTime: MEETING }, lambdaContext('o'));
  await clearInbox(cloud);
  await followup({ kind: 'survey', accountId: account.id, meetingId: MEETING }, lambdaContext('f'));
  const survey = (await inbox(cloud)).find((email) => /How did we do/.test(email.subject));
  const hrefs = [...(survey?.body.html ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  const honeypot = hrefs.find((href) => href.includes('via=preview'));
  if (!honeypot) throw new Error(`no honeypot link in the survey email of ${name}`);
  return { account, honeypot };
}

/** Whatever the account's items are called, whether one of them carries a scanner mark. */
async function scannerMarked(account: Account): Promise<boolean> {
  const db = DynamoDBDocumentClient.from(cloud.dynamo);
  const { Items = [] } = await db.send(
    new QueryCommand({ TableName: cloud.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `ACCOUNT#${account.id}` } }),
  );
  return Items.some((item) => item.scannerAt !== undefined);
}

describe('HEAD of a public link', () => {
  it('answers like GET without a body and changes nothing, where GET of the same link does', async () => {
    const headed = await honeypotOfNewSurvey('Head Hall');
    const got = await honeypotOfNewSurvey('Get Gallery');

    const head = await fetch(headed.honeypot, { method: 'HEAD' });
    const get = await fetch(got.honeypot);

    expect([head.status, await head.text()]).toEqual([200, '']);
    expect(get.status).toBe(200);
    expect(await scannerMarked(headed.account)).toBe(false);
    expect(await scannerMarked(got.account)).toBe(true);
  });
});

describe('a link whose path is not valid percent-encoding', () => {
  it.each([
    ['GET', '/s/abc%E0%A4%A'],
    ['POST', '/s/abc%zz'],
    ['GET', '/u/%'],
    ['GET', '/admin/accounts/acme%ZZ'],
  ])('%s %s is a 400 that says so, not a 500', async (method, path) => {
    const response = await fetch(`${cloud.urls.api}${path}`, { method });
    const body = await response.text();

    expect(response.status).toBe(400);
    expect(body).toContain('not a valid URL path segment');
  });
});
