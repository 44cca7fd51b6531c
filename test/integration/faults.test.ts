// A meeting cycle in a local cloud that misbehaves the way AWS may: SES throttles, the scheduler
// delivers every occurrence twice, the stream redelivers every batch, and every function crashes
// right after SES accepted an email (the alert and its climb up the ladder included). Each email
// still goes out exactly once and no answer is lost.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Score } from '#domain/model.ts';
import { sendKeyOf } from '#app/send-once.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { Faults } from '../../local/faults.ts';
import { accountJson } from '../support/fixtures.ts';
import { api, startTestCloud } from '../support/cloud.ts';

const faults = new Faults({ sesThrottle: 0.3, duplicateDelivery: 1, streamRedelivery: 1, crashAfterSend: 1 }, 3);
let cloud: LocalCloud;
const sent: { key: string; messageId: string }[] = [];

beforeAll(async () => {
  cloud = await startTestCloud({ clockStart: new Date('2026-11-23T12:00:00Z'), faults });
  cloud.onEmail = (messageId, tags) => sent.push({ key: sendKeyOf(tags) ?? `untagged ${messageId}`, messageId });
});

afterAll(async () => {
  await cloud?.stop();
});

const keysOf = (kind: string) => sent.map((s) => s.key).filter((key) => key.startsWith(`${kind}#`));

// A whole cycle with every fault at a high rate: the SDK's retries after each injected throttling wait
// in real time, so it takes tens of seconds on a 2-core machine.
describe('a meeting cycle with faults injected', { timeout: 120_000 }, () => {
  it('sends each email once and stores every answer', async () => {
    const { body: account } = await api<Account>(
      cloud,
      'POST',
      '/admin/accounts',
      accountJson({
        name: 'Faulty Plaza',
        scale: 5,
        renewalDate: '2028-01-31',
        team: {
          accountManager: { name: 'Dana Reyes', email: 'dana@sparkle.example' },
          supervisor: { name: 'Luis Ortega', email: 'luis@sparkle.example' },
          operationsManager: { name: 'Sam Okafor', email: 'sam@sparkle.example' },
        },
        contacts: [
          { name: 'Morgan Lee', email: 'morgan@faultyplaza.example', decisionMaker: true },
          { name: 'Jordan Park', email: 'jordan@faultyplaza.example' },
        ],
      }),
    );
    // The meeting is on Tuesday 8 December, 10:00 in Chicago; its survey goes out two hours after it ends.
    await cloud.runUntil(new Date('2026-12-08T19:00:00Z'));
    const survey = sent.find((s) => s.key === `survey#${account.id}#2026-12-08T16:00:00Z#${account.contacts[0]!.id}`);
    const html = (await simpleParser(cloud.ses.rawMessage(survey?.messageId ?? '') ?? '')).html || '';
    const link = /href="([^"]+\/s\/[^"?]+)\?score=\d+"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const answer = await fetch(link, { method: 'POST', body: new URLSearchParams({ mode: 'submit', score: '1', comment: 'Nobody came on Friday.' }), redirect: 'manual' });
    // Nobody acknowledges the alert: three business days later it climbs to the operations manager.
    await cloud.runUntil(new Date('2026-12-18T12:00:00Z'));
    const { body } = await api<{ scores: Score[] }>(cloud, 'GET', `/admin/accounts/${account.id}/scores`);

    expect(answer.status).toBeLessThan(400);
    expect(body.scores.map((s) => s.score)).toEqual([1]);
    expect(keysOf('agenda')).toEqual([`agenda#${account.id}#2026-12-08T16:00:00Z`]);
    expect(keysOf('survey').sort()).toEqual(account.contacts.map((c) => `survey#${account.id}#2026-12-08T16:00:00Z#${c.id}`).sort());
    expect(keysOf('reminder')).toEqual([`reminder#${account.id}#2026-12-08T16:00:00Z#${account.contacts[1]!.id}`]);
    const alerted = (rung: number) => keysOf('alert').filter((key) => key.split('#')[3] === String(rung)).map((key) => key.split('#')[4]).sort();
    expect(alerted(0)).toEqual(['dana@sparkle.example', 'luis@sparkle.example']);
    // The climb is its own message, to the one person new to the alert.
    expect(alerted(1)).toEqual(['sam@sparkle.example']);
    expect(new Set(sent.map((s) => s.key)).size).toBe(sent.length);
    expect(sent.filter((s) => s.key.startsWith('untagged'))).toEqual([]);
    expect(cloud.scheduler.deadLetters()).toEqual([]);
    expect(cloud.poller.failures).toEqual([]);
    // Every kind of fault really happened, the crashes once per email sent inside a function.
    expect(faults.injected.sesThrottle).toBeGreaterThan(0);
    expect(faults.injected.duplicateDelivery).toBeGreaterThan(0);
    expect(faults.injected.streamRedelivery).toBeGreaterThan(0);
    expect(faults.injected.crashAfterSend).toBe(sent.filter((s) => !s.key.startsWith('invitation#')).length);
    // The team's copy of the agenda and the unrecorded-meeting question are sent once too.
    expect(keysOf('agenda-team')).toEqual([`agenda-team#${account.id}#2026-12-08T16:00:00Z`]);
    // Every email of the cycle meets a throttle and a crash, each with its retry: a busy machine needs the time.
  }, 90_000);
});
