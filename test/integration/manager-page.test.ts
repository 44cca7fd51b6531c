// The manager's account page (/m/{token}) in the local cloud: a genuine link opens the page and acts;
// a forged, expired, other-account or left-the-team link is refused, and a stale page writes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient, repositories, type Repositories } from '#adapters/dynamo/index.ts';
import { managerLink } from '#app/links.ts';
import { LIMITS } from '#contract/limits.ts';
import { fingerprint } from '#domain/account-overview.ts';
import type { Account, Commitment } from '#domain/model.ts';
import { keys } from '#handlers/wiring/keys.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { accountJson } from '../support/fixtures.ts';
import { api, startTestCloud } from '../support/cloud.ts';

let cloud: LocalCloud;
let repos: Repositories;
let account: Account;
let other: Account;
let counter = 0;

const link = (accountId: string, email: string, now = cloud.clock.now(), days?: number) =>
  managerLink({ keys: keys() }, { publicUrl: cloud.urls.api, ...(days ? { managerLinkDays: days } : {}) }, accountId, email, now);
const post = (url: string, form: Record<string, string>) =>
  fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });

async function openCommitment(accountId = account.id): Promise<Commitment> {
  const commitment: Commitment = {
    id: `c-${++counter}`,
    accountId,
    request: 'Please restock the soap in the lobby restrooms',
    owner: { name: 'Dana Reyes', email: 'dana@sparkle.example' },
    status: 'open',
    createdAt: '2026-11-20T15:00:00.000Z',
  };
  await repos.commitments.save(commitment);
  return commitment;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);
  account = (await api<Account>(cloud, 'POST', '/admin/accounts', accountJson({ name: 'Manager Page Tower' }))).body;
  other = (await api<Account>(cloud, 'POST', '/admin/accounts', accountJson({ name: 'Other Page Plaza' }))).body;
}, 120_000);

afterAll(async () => {
  await cloud?.stop();
});

describe('a genuine manager link', () => {
  let commitment: Commitment;
  beforeEach(async () => {
    commitment = await openCommitment();
  });

  it('opens the account page with the strict page headers, and GET and HEAD change nothing', async () => {
    const url = await link(account.id, 'dana@sparkle.example');

    const page = await fetch(url);
    const html = await page.text();
    const head = await fetch(url, { method: 'HEAD' });

    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('Manager Page Tower');
    expect(html).toContain('Please restock the soap in the lobby restrooms');
    expect(html).toContain('This page is for Dana Reyes only');
    expect(head.status).toBe(200);
    expect(await repos.commitments.get(account.id, commitment.id)).toEqual(commitment);
  });

  it('closes a commitment with what was done and who did it, then shows the page again by a redirect', async () => {
    const url = await link(account.id, 'luis@sparkle.example');

    const response = await post(url, { action: 'close-commitment', id: commitment.id, seen: fingerprint(commitment), whatWeDid: 'Soap dispensers refilled and checked nightly' });
    const after = await fetch(new URL(response.headers.get('location') ?? '', url));

    expect(response.status).toBe(303);
    expect(await after.text()).toContain('Commitment closed');
    expect(await repos.commitments.get(account.id, commitment.id)).toMatchObject({
      status: 'done',
      whatWeDid: 'Soap dispensers refilled and checked nightly',
      doneBy: 'luis@sparkle.example',
    });
  });

  it('answers 409 with the page as it is now when the commitment changed since the page was opened, writing nothing', async () => {
    const url = await link(account.id, 'dana@sparkle.example');
    const seen = fingerprint(commitment);
    const newer = { ...commitment, dueDate: '2026-12-15' };
    await repos.commitments.save(newer);

    const response = await post(url, { action: 'dismiss-commitment', id: commitment.id, seen });
    const html = await response.text();

    expect(response.status).toBe(409);
    expect(html).toContain('This changed since you opened the page: here it is as it is now');
    expect(await repos.commitments.get(account.id, commitment.id)).toEqual(newer);
  });

  it.each([
    [{ action: 'close-commitment', whatWeDid: '   ' }, 'whatWeDid'],
    [{ action: 'due-commitment', dueDate: '2026-02-30' }, 'dueDate'],
    [{ action: 'reassign-commitment', owner: 'stranger@elsewhere.example' }, 'owner'],
    [{ action: 'launch-rocket' }, 'action'],
  ])('answers 400 naming the field for %o, writing nothing', async (fields, field) => {
    const url = await link(account.id, 'dana@sparkle.example');

    const response = await post(url, { id: commitment.id, seen: fingerprint(commitment), ...fields });
    const html = await response.text();

    expect(response.status).toBe(400);
    expect(html).toContain(`${field}: `);
    expect(await repos.commitments.get(account.id, commitment.id)).toEqual(commitment);
  });

  it.each([
    ['what was done', { action: 'close-commitment', whatWeDid: 'x'.repeat(LIMITS.whatWeDid + 1) }, `whatWeDid: must be at most ${LIMITS.whatWeDid} characters`],
    ['a complaint', { action: 'record-event', type: 'complaint', description: 'x'.repeat(LIMITS.description + 1) }, `description: must be at most ${LIMITS.description} characters`],
    ['a resolution', { action: 'resolve-complaint', description: 'x'.repeat(LIMITS.description + 1) }, `description: must be at most ${LIMITS.description} characters`],
  ])('answers 400 naming the field when %s is over its limit, writing nothing', async (_, fields, message) => {
    const commitment = await openCommitment();
    const url = await link(account.id, 'dana@sparkle.example');
    const events = await repos.events.since(account.id, '2026-01-01T00:00:00Z');

    const response = await post(url, { id: commitment.id, seen: fingerprint(commitment), ...fields });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(await repos.commitments.get(account.id, commitment.id)).toEqual(commitment);
    expect(await repos.events.since(account.id, '2026-01-01T00:00:00Z')).toEqual(events);
  });

  it('records a complaint with who recorded it, then resolves it', async () => {
    const url = await link(account.id, 'dana@sparkle.example');

    await post(url, { action: 'record-event', type: 'complaint', description: 'Trash left in conference room B' });
    const complaint = (await repos.events.since(account.id, '2026-01-01T00:00:00Z')).find((e) => e.description === 'Trash left in conference room B');
    const resolved = await post(url, { action: 'resolve-complaint', id: complaint?.id ?? '', description: 'Night crew now checks room B last' });
    const again = await post(url, { action: 'resolve-complaint', id: complaint?.id ?? '', description: 'Twice' });

    expect(complaint).toMatchObject({ type: 'complaint', by: 'dana@sparkle.example' });
    expect(resolved.status).toBe(303);
    expect(again.status).toBe(409);
    const resolutions = (await repos.events.since(account.id, '2026-01-01T00:00:00Z')).filter((e) => e.type === 'complaint-resolved');
    expect(resolutions).toEqual([expect.objectContaining({ resolves: complaint?.id, by: 'dana@sparkle.example' })]);
  });
});

describe('the other actions', () => {
  it('sets a due date and reassigns to a team member (a deployment-wide role counts), each with who did it', async () => {
    const commitment = await openCommitment();
    const url = await link(account.id, 'dana@sparkle.example');

    await post(url, { action: 'due-commitment', id: commitment.id, seen: fingerprint(commitment), dueDate: '2026-12-18' });
    const dated = await repos.commitments.get(account.id, commitment.id);
    const response = await post(url, { action: 'reassign-commitment', id: commitment.id, seen: fingerprint(dated), owner: 'sam@sparkle.example' });

    expect(response.status).toBe(303);
    expect(await repos.commitments.get(account.id, commitment.id)).toMatchObject({
      dueDate: '2026-12-18',
      owner: { name: 'Sam Ito', email: 'sam@sparkle.example' },
      changedBy: 'dana@sparkle.example',
      status: 'open',
    });
  });

  it('acknowledges an alert once; a second try on the same page is a conflict', async () => {
    const alert = {
      id: `al-${++counter}`,
      accountId: account.id,
      level: 'at-risk' as const,
      reasons: ['Latest score is 3.0 out of 10'],
      createdAt: '2026-11-22T18:00:00.000Z',
      rung: 0,
      recipients: ['dana@sparkle.example'],
    };
    await repos.alerts.save(alert);
    const url = await link(account.id, 'luis@sparkle.example');
    const form = { action: 'acknowledge', id: alert.id, createdAt: alert.createdAt };

    const first = await post(url, form);
    const second = await post(url, form);

    expect([first.status, second.status]).toEqual([303, 409]);
    expect(await repos.alerts.get(account.id, alert.createdAt, alert.id)).toMatchObject({ acknowledgedBy: 'luis@sparkle.example', acknowledgedAt: cloud.clock.now().toISOString() });
  });

  it('marks a past meeting held with notes and who recorded it', async () => {
    const meeting = { accountId: account.id, scheduledTime: '2026-11-10T16:00:00.000Z', status: 'scheduled' as const, recordedAt: '2026-11-10T16:00:00.000Z' };
    await repos.meetings.record(meeting);
    const url = await link(account.id, 'dana@sparkle.example');
    const page = await (await fetch(url)).text();

    const response = await post(url, { action: 'meeting', id: meeting.scheduledTime, seen: fingerprint(meeting), status: 'held', note: 'Walked the dock together' });

    expect(page).toContain('Did these meetings happen?');
    expect(response.status).toBe(303);
    expect(await repos.meetings.get(account.id, meeting.scheduledTime)).toMatchObject({ status: 'held', note: 'Walked the dock together', recordedBy: 'dana@sparkle.example' });
  });
});

describe('a link that must not work', () => {
  it.each([
    ['forged (one character changed)', async () => (await link(account.id, 'dana@sparkle.example')).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 400],
    ['expired (15 days old)', () => link(account.id, 'dana@sparkle.example', new Date(cloud.clock.now().getTime() - 15 * 86_400_000)), 410],
    // Another account's genuine link reaches only that account: this account's commitment is no item of it.
    ['for another account', () => link(other.id, 'dana@sparkle.example'), 400],
  ])('is refused when %s, and nothing is written', async (_name, makeUrl, status) => {
    const commitment = await openCommitment();
    const url = await makeUrl();

    const response = await post(url, { action: 'dismiss-commitment', id: commitment.id, seen: fingerprint(commitment) });

    expect(response.status).toBe(status);
    expect(await repos.commitments.get(account.id, commitment.id)).toEqual(commitment);
  });

  it('is refused (403) once its holder has left the team, and nothing is written', async () => {
    const leaving = (await api<Account>(cloud, 'POST', '/admin/accounts', accountJson({ name: 'Leaving Tower' }))).body;
    const commitment = await openCommitment(leaving.id);
    const url = await link(leaving.id, 'luis@sparkle.example');
    const before = await fetch(url);
    await api(cloud, 'PATCH', `/admin/accounts/${leaving.id}`, { team: { accountManager: { name: 'Dana Reyes', email: 'dana@sparkle.example' } } });

    const page = await fetch(url);
    const response = await post(url, { action: 'dismiss-commitment', id: commitment.id, seen: fingerprint(commitment) });

    expect(before.status).toBe(200);
    expect(page.status).toBe(403);
    expect(response.status).toBe(403);
    expect(await repos.commitments.get(leaving.id, commitment.id)).toEqual(commitment);
  });

  it('is refused (410) once the account is removed', async () => {
    const removed = (await api<Account>(cloud, 'POST', '/admin/accounts', accountJson({ name: 'Removed Tower' }))).body;
    const url = await link(removed.id, 'dana@sparkle.example');
    await api(cloud, 'DELETE', `/admin/accounts/${removed.id}`);

    const page = await fetch(url);

    expect(page.status).toBe(410);
    expect(await page.text()).toContain('no longer followed');
  });
});

describe('the local home page', () => {
  it("links each account's name to its page, signed for its account manager", async () => {
    const home = await (await fetch(`${cloud.urls.api}/`)).text();
    const href = new RegExp(`<a href="([^"]+/m/[^"]+)"[^>]*><strong>Manager Page Tower</strong>`).exec(home)?.[1] ?? '';

    const page = await fetch(href.replace(/&amp;/g, '&'));

    expect(page.status).toBe(200);
    expect(await page.text()).toContain('This page is for Dana Reyes only');
  });
});
