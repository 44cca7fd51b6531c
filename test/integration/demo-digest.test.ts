// The weekly digest of the demo company, sent by the weekly schedule itself: its numbers are checked
// against the scores stored, computed here independently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, repositories } from '#adapters/dynamo/index.ts';
import { normalizeScore, type Account, type Score } from '#domain/model.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { loadDemoQuietly } from '../../local/demo.ts';
import { clearInbox, inbox, startTestCloud, type StoredEmail } from '../support/cloud.ts';

const DAY = 86_400_000;
// Monday 30 November 2026, 08:00 in Chicago (the local deployment's timezone).
const DIGEST_TIME = new Date('2026-11-30T14:00:00Z');

let cloud: LocalCloud;
let accounts: Account[];
let scores: Score[];
let digests: StoredEmail[];

beforeAll(async () => {
  cloud = await startTestCloud({ clockStart: new Date('2026-11-23T12:00:00Z') });
  await loadDemoQuietly(cloud);
  const repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);
  accounts = await repos.accounts.list();
  scores = (await Promise.all(accounts.map((a) => repos.scores.recent(a.id, 200)))).flat();
  await cloud.runUntil(new Date(DIGEST_TIME.getTime() - 60_000));
  await clearInbox(cloud);

  const fired = await cloud.runUntil(new Date(DIGEST_TIME.getTime() + 60_000));

  expect(fired.filter((f) => f.name === 'weekly-digest')).toEqual([expect.objectContaining({ outcome: 'ok' })]);
  digests = (await inbox(cloud)).filter((e) => /digest/i.test(e.subject));
}, 180_000);

afterAll(async () => {
  await cloud?.stop();
});

function averageOver(accountIds: Set<string>, from: number, to: number): { normalized: number; answers: number } {
  const inWindow = scores.filter(
    (s) => accountIds.has(s.accountId) && Date.parse(s.answeredAt) >= from && Date.parse(s.answeredAt) < to,
  );
  const sum = inWindow.reduce((total, s) => total + normalizeScore(s.score, s.scale), 0);
  return { normalized: Math.round(sum / inWindow.length), answers: inWindow.length };
}

const digestTo = (address: string) => digests.find((e) => e.destination.to.some((to) => to.includes(address)));

describe('the demo company\'s weekly digest', () => {
  it('goes once to every manager of the demo accounts', () => {
    const recipients = digests.flatMap((e) => e.destination.to).map((to) => /<([^>]+)>/.exec(to)?.[1]).sort();

    expect(recipients).toEqual([
      'ava@sparkle.example',
      'dana@sparkle.example',
      'luis@sparkle.example',
      'pat@sparkle.example',
      'sam@sparkle.example',
    ]);
  });

  it('shows the executive the average of every answer of the last 30 days, as stored', () => {
    const now = DIGEST_TIME.getTime();
    const expected = averageOver(new Set(accounts.map((a) => a.id)), now - 30 * DAY, now);

    const text = digestTo('pat@')?.body.text ?? '';

    expect(expected.answers).toBeGreaterThan(0);
    expect(text).toContain(`Average score: ${expected.normalized} of 100`);
    expect(text).toContain(`from ${expected.answers} answers in the last 30 days`);
  });

  it('shows an account manager the average over their own accounts only', () => {
    const now = DIGEST_TIME.getTime();
    const ava = new Set(accounts.filter((a) => a.team.accountManager.email === 'ava@sparkle.example').map((a) => a.id));
    const expected = averageOver(ava, now - 30 * DAY, now);

    const text = digestTo('ava@')?.body.text ?? '';

    expect(text).toContain(`Average score: ${expected.normalized} of 100`);
    expect(text).toContain('Harbor Medical Plaza');
    expect(text).not.toContain('Acme Tower');
  });

  it('lists the renewals of the next 90 days, Harbor Medical Plaza among them', () => {
    const within90 = accounts
      .filter((a) => Date.parse(`${a.renewalDate}T00:00:00Z`) - DIGEST_TIME.getTime() <= 90 * DAY)
      .map((a) => a.name);

    const text = digestTo('pat@')?.body.text ?? '';

    expect(within90).toContain('Harbor Medical Plaza');
    for (const name of within90) expect(text).toContain(name);
  });
});
