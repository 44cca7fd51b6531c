// What happens after Lambda's retries: a run that fails three times (SES paused for longer than the
// retries last) waits in its function's failure queue, and the operator's redrive finishes it, each
// email once. And the one duplicate AWS allows: a sender that crashed after SES accepted, whose Send
// event never came, sends again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '#domain/model.ts';
import { sendKeyOf } from '#app/send-once.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { Faults, PAUSE_MS } from '../../local/faults.ts';
import { accountJson } from '../support/fixtures.ts';
import { api, startTestCloud } from '../support/cloud.ts';

// One cloud for the file (the handlers' SDK clients live as long as the process), one account, and a
// fault setting per meeting: 8 December, 12 January, 9 February, each at 10:00 in Chicago.
const faults = new Faults({});
let cloud: LocalCloud;
let account: Account;
const sent: string[] = [];

beforeAll(async () => {
  cloud = await startTestCloud({ faults, sdkRetryWaits: false });
  cloud.onEmail = (_messageId, tags) => sent.push(sendKeyOf(tags) ?? 'untagged');
  ({ body: account } = await api<Account>(
    cloud,
    'POST',
    '/admin/accounts',
    accountJson({
      name: 'Paused Plaza',
      contacts: [
        { name: 'Morgan Lee', email: 'morgan@pausedplaza.example', decisionMaker: true },
        { name: 'Jordan Park', email: 'jordan@pausedplaza.example' },
      ],
    }),
  ));
});

afterAll(async () => {
  await cloud?.stop();
});

const surveysOf = (meeting: string) => sent.filter((key) => key.startsWith(`survey#${account.id}#${meeting}#`));
const expectedSurveys = (meeting: string) => account.contacts.map((c) => `survey#${account.id}#${meeting}#${c.id}`).sort();

describe('the failure queue', { timeout: 120_000 }, () => {
  it('holds the runs SES refused for longer than Lambda retries, until a redrive sends each email once', async () => {
    // Every send inside a function finds sending paused: 10 minutes from the first, and again after.
    faults.set({ sesPause: 1 });
    // The survey is due two hours after the meeting ends.
    await cloud.runUntil(new Date('2026-12-08T19:05:00Z'));
    const queued = cloud.failures.map((f) => ({ functionName: f.functionName, attempts: f.attempts, kind: (f.requestPayload as { kind?: string }).kind }));

    expect(surveysOf('2026-12-08T16:00:00Z')).toEqual([]);
    expect(queued).toContainEqual({ functionName: 'PartnerPulse-followup', attempts: 3, kind: 'survey' });

    // The home page says what waits, with a button to redrive it.
    const home = await (await fetch(`${cloud.urls.api}/`)).text();
    expect(home).toContain('failed three times');
    expect(home).toContain('action="/local/dead-letters/redrive"');

    // The pause ends; the operator redrives through the local route, as the README says.
    faults.set({ sesPause: 0 });
    await cloud.runUntil(new Date(Date.parse('2026-12-08T19:05:00Z') + PAUSE_MS));
    const waiting = cloud.failures.length;
    const response = await fetch(`${cloud.urls.api}/local/dead-letters/redrive`, { method: 'POST' });
    await cloud.runUntil(new Date('2026-12-08T19:30:00Z'));

    expect(await response.json()).toMatchObject({ redriven: waiting });
    expect(cloud.failures).toEqual([]);
    expect(surveysOf('2026-12-08T16:00:00Z').sort()).toEqual(expectedSurveys('2026-12-08T16:00:00Z'));
    expect(new Set(sent).size).toBe(sent.length);
  });
});

describe("AWS's one allowed duplicate", { timeout: 120_000 }, () => {
  it('is sent twice only when the sender crashed after SES accepted and the Send event never came', async () => {
    // Every run crashes after its first send, and no Send event ever tells the retry it went out: the
    // runs end in the failure queue, which the operator redrives once the crashes stop.
    faults.set({ crashAfterSend: 1, sendEventMissing: 1 });
    await cloud.runUntil(new Date('2027-01-12T19:30:00Z'));
    faults.set({ crashAfterSend: 0, sendEventMissing: 0 });
    await cloud.redrive();
    await cloud.runUntil(new Date('2027-01-12T19:45:00Z'));
    const surveys = surveysOf('2027-01-12T16:00:00Z');
    const crashed = new Set(faults.allowedDuplicates().map((tag) => sendKeyOf({ send: [tag] })));
    const twice = surveys.filter((key, i) => surveys.indexOf(key) !== i);

    expect([...new Set(surveys)].sort()).toEqual(expectedSurveys('2027-01-12T16:00:00Z'));
    expect(twice.length).toBeGreaterThan(0);
    expect(twice.every((key) => crashed.has(key as never))).toBe(true);
    expect(twice.length).toBeLessThanOrEqual(faults.injected.crashAfterSend);
    expect(cloud.failures).toEqual([]);
  });

  it('is not sent twice when the Send event came: the retry finds it done', async () => {
    const crashesBefore = faults.injected.crashAfterSend;
    faults.set({ crashAfterSend: 1 });
    await cloud.runUntil(new Date('2027-02-09T19:30:00Z'));
    // A run that sends more emails than it has tries (one a try) ends in the failure queue.
    faults.set({ crashAfterSend: 0 });
    await cloud.redrive();
    await cloud.runUntil(new Date('2027-02-09T19:45:00Z'));

    expect(faults.injected.crashAfterSend).toBeGreaterThan(crashesBefore);
    expect(surveysOf('2027-02-09T16:00:00Z').sort()).toEqual(expectedSurveys('2027-02-09T16:00:00Z'));
    expect(cloud.failures).toEqual([]);
  });
});
