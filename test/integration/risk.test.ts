// The renewal-risk engine end to end in the local cloud: the demo's sliding account alerts the right
// people once, even when the stream delivers twice; "I'm on it" stops the ladder, even when it lands
// during a climb; each climb goes to the people new to it; a failed send stops no one else and the
// alert finishes it a minute later, whatever the level by then; an alert raised at night waits for
// the morning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBRecord } from 'aws-lambda';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createDocumentClient, repositories, type Repositories } from '#adapters/dynamo/index.ts';
import { ATTRIBUTES, ENTITIES, keys } from '#contract/table.ts';
import type { Account, Alert } from '#domain/model.ts';
import type { Email } from '#app/ports.ts';
import { RiskEngine, type RiskPorts } from '#app/risk.ts';
import { basePorts } from '#handlers/wiring/ports.ts';
import { keys as linkKeys } from '#handlers/wiring/keys.ts';
import { mailer } from '#handlers/wiring/mailer.ts';
import { scheduler } from '#handlers/wiring/scheduler.ts';
import { riskSettings } from '#handlers/wiring/settings.ts';
import { renderAlert, renderRecovery } from '#render/alert.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { answerAsDemoCustomers, loadDemoQuietly } from '../../local/demo.ts';
import { riskStreamHandler } from '../../local/functions.ts';
import { lambdaContext } from '../../local/lambda.ts';
import { accountJson } from '../support/fixtures.ts';
import { api, clearInbox, inbox, startTestCloud, type StoredEmail } from '../support/cloud.ts';

let cloud: LocalCloud;
let repos: Repositories;
let harbor: Account;

const alertsAbout = (name: string) => (email: StoredEmail) =>
  /^(Renewal risk|Critical|Escalated to you): /.test(email.subject) && email.subject.includes(name);

/** The engine as the functions build it, with some of its ports changed by the test. */
function engine(change: (ports: RiskPorts) => Partial<RiskPorts> = () => ({})): RiskEngine {
  const ports: RiskPorts = { ...basePorts(), mailer: mailer(), scheduler: scheduler(), keys: linkKeys(), render: { alert: renderAlert, recovery: renderRecovery } };
  return new RiskEngine({ ...ports, ...change(ports) }, riskSettings());
}

/** The engine with SES refusing one address: what the emulator cannot show. */
const refusing = (address: string) =>
  engine((ports) => ({
    mailer: {
      send: async (email, tags) => {
        const to = (email as Email & { to: { address: string }[] }).to;
        if (to.some((mailbox) => mailbox.address === address)) throw new Error('Throttling: maximum sending rate exceeded');
        return ports.mailer.send(email, tags);
      },
    },
  }));

/** A new alert on an account at risk, as the engine stores it before anyone is told. */
async function freshAlert(account: Account, id: string): Promise<Alert> {
  const current = await repos.accounts.require(account.id);
  const alert: Alert = {
    id,
    accountId: account.id,
    level: current.risk.level,
    reasons: current.risk.reasons,
    codes: current.risk.codes,
    createdAt: cloud.clock.now().toISOString(),
    rung: 0,
    recipients: ['kai@sparkle.example', 'luis@sparkle.example'],
  };
  await repos.alerts.save(alert);
  return alert;
}
const recoveryOf = (name: string) => (email: StoredEmail) => email.subject === `Recovered: ${name} is healthy again`;
// The emulator joins the addresses of one email into one string: read every address in it, named
// ("Name" <address>) or bare (someone told of an alert who is no longer on the team).
const recipientsOf = (emails: StoredEmail[]) =>
  emails.flatMap((e) => e.destination.to.flatMap((to) => [...to.matchAll(/[^\s<>",]+@[^\s<>",]+/g)].map((m) => m[0]))).sort();
const ackLink = (email: StoredEmail | undefined) => /href="([^"]+\/a\/[^"]+)"/.exec(email?.body.html ?? '')?.[1] ?? '';

beforeAll(async () => {
  cloud = await startTestCloud({ clockStart: new Date('2026-11-23T12:00:00Z') });
  repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);
  await loadDemoQuietly(cloud);
  cloud.afterRun = async (c) => void (await answerAsDemoCustomers(c));
  harbor = (await repos.accounts.list()).find((a) => a.name === 'Harbor Medical Plaza')!;
  await clearInbox(cloud);
  // Harbor meets on the first Wednesday: 2 December 2026, 09:00 New York; its survey follows at 11:45.
  await cloud.runUntil(new Date('2026-12-02T20:00:00Z'));
}, 180_000);

afterAll(async () => {
  await cloud?.stop();
});

describe('the sliding demo account', () => {
  it('is at risk once its customers answer the survey with low scores and talk of bids', async () => {
    const account = await repos.accounts.require(harbor.id);

    expect(account.risk.level).toBe('at-risk');
    expect(account.risk.codes).toEqual(expect.arrayContaining(['low-score', 'warning-words']));
  });

  it('alerts the supervisor, the account manager and, with renewal within 90 days, the operations manager — once each', async () => {
    const alerts = (await inbox(cloud)).filter(alertsAbout('Harbor Medical Plaza'));

    expect(recipientsOf(alerts)).toEqual(['ava@sparkle.example', 'luis@sparkle.example', 'sam@sparkle.example']);
    expect(alerts[0]?.subject).toBe('Renewal risk: Harbor Medical Plaza is at risk');
    const text = alerts[0]?.body.text ?? '';
    expect(text).toContain('Latest score is 2.0 out of 5');
    expect(text).toContain('“Exam rooms were missed again. Honestly, we have started collecting bids from other cleaning companies.” — Dr. Priya Shah');
    expect(text).toMatch(/Renewal in \d+ days \(\d{4}-\d{2}-\d{2}\); \$9,800 a month at stake\./);
    expect(alerts[0]?.body.html).toContain('I\'m on it');
  });

  it('sends nothing more when the stream delivers the same records again', async () => {
    const before = (await inbox(cloud)).filter(alertsAbout('Harbor Medical Plaza')).length;
    const scores = await repos.scores.recent(harbor.id, 2);
    const handler = await riskStreamHandler();
    const records: DynamoDBRecord[] = scores.map((score, i) => ({
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: String(1000 + i),
        NewImage: marshall({ [ATTRIBUTES.entity]: ENTITIES.score, ...score }, { removeUndefinedValues: true }) as never,
      },
    }));

    const first = await handler({ Records: records }, lambdaContext('risk'));
    const second = await handler({ Records: records }, lambdaContext('risk'));

    expect(first).toEqual({ batchItemFailures: [] });
    expect(second).toEqual({ batchItemFailures: [] });
    expect((await inbox(cloud)).filter(alertsAbout('Harbor Medical Plaza'))).toHaveLength(before);
  });

  it('stops climbing the ladder once a manager says "I\'m on it"', async () => {
    const alert = (await inbox(cloud)).filter(alertsAbout('Harbor Medical Plaza')).find((e) => e.destination.to[0]?.includes('ava@'));
    const link = ackLink(alert);

    const page = await fetch(link);
    const pageHtml = await page.text();
    const ack = await fetch(link, { method: 'POST' });
    const ackHtml = await ack.text();
    await clearInbox(cloud);
    await cloud.runUntil(new Date('2026-12-10T20:00:00Z'));

    expect(page.status).toBe(200);
    expect(pageHtml).toContain("I'm on it");
    expect(ackHtml).toContain('ava@sparkle.example is on it');
    expect((await inbox(cloud)).filter(alertsAbout('Harbor Medical Plaza'))).toEqual([]);
    const [stored] = await repos.alerts.recent(harbor.id, 1);
    expect(stored).toMatchObject({ acknowledgedBy: 'ava@sparkle.example', rung: 0 });
  });
});

describe('an alert nobody acknowledges', () => {
  it('climbs one rung every three business days: the operations manager, then the executive', async () => {
    const { body: account } = await api<Account>(
      cloud,
      'POST',
      '/admin/accounts',
      accountJson({
        name: 'Unheard Plaza',
        renewalDate: '2027-08-30',
        cadence: { every: 'month', week: 2, weekday: 'FRI', time: '10:00', durationMinutes: 60 },
        team: {
          accountManager: { name: 'Kai Moreno', email: 'kai@sparkle.example' },
          supervisor: { name: 'Luis Ortega', email: 'luis@sparkle.example' },
        },
      }),
    );
    await clearInbox(cloud);
    // The meeting of Friday 11 December; the survey follows that afternoon.
    await cloud.runUntil(new Date('2026-12-11T21:00:00Z'));
    const [survey] = (await inbox(cloud)).filter((e) => e.subject.startsWith('How did we do at Unheard Plaza'));
    const url = /href="([^"]+\/s\/[^"?]+)\?score=\d+"/.exec(survey?.body.html ?? '')?.[1] ?? '';
    await fetch(url, { method: 'POST', body: new URLSearchParams({ mode: 'submit', score: '2', comment: 'Not good.' }) });
    await cloud.poller.drain();
    const first = (await inbox(cloud)).filter(alertsAbout('Unheard Plaza'));

    // Friday + 3 business days is Wednesday; 3 more is the Monday after.
    await cloud.runUntil(new Date('2026-12-17T12:00:00Z'));
    const afterFirstClimb = (await inbox(cloud)).filter(alertsAbout('Unheard Plaza'));
    await cloud.runUntil(new Date('2026-12-22T12:00:00Z'));
    const afterSecondClimb = (await inbox(cloud)).filter(alertsAbout('Unheard Plaza'));

    const firstClimb = afterFirstClimb.slice(first.length);
    const secondClimb = afterSecondClimb.slice(afterFirstClimb.length);
    expect(recipientsOf(first)).toEqual(['kai@sparkle.example', 'luis@sparkle.example']);
    // Each climb is its own message, to the people new to the alert; far from the renewal the
    // operations manager is the top of the ladder.
    expect(recipientsOf(firstClimb)).toEqual(['sam@sparkle.example']);
    expect(firstClimb[0]?.subject).toBe('Escalated to you: Unheard Plaza, 3 business days without a response');
    expect(firstClimb[0]?.body.text).toContain('This alert went to Luis Ortega and Kai Moreno on');
    expect(secondClimb).toEqual([]);
    const [stored] = await repos.alerts.recent(account.id, 1);
    expect(stored?.rung).toBe(1);
    expect(stored?.recipients.toSorted()).toEqual(['kai@sparkle.example', 'luis@sparkle.example', 'sam@sparkle.example']);
  });

  it('keeps an "I\'m on it" that lands while the alert climbs, and climbs no further', async () => {
    const [account] = (await repos.accounts.list()).filter((a) => a.name === 'Unheard Plaza');
    const alert = await freshAlert(account!, 'race-1');
    await clearInbox(cloud);
    // The climb reads the alert; the acknowledgement lands before the climb writes.
    const racing = engine((ports) => ({
      alerts: {
        recent: (...args) => ports.alerts.recent(...args),
        save: (...args) => ports.alerts.save(...args),
        climb: (...args) => ports.alerts.climb(...args),
        close: (...args) => ports.alerts.close(...args),
        get: async (...args) => {
          const read = await ports.alerts.get(...args);
          await repos.alerts.acknowledge(alert, 'kai@sparkle.example', cloud.clock.now().toISOString());
          return read;
        },
      },
    }));

    const outcome = await racing.escalate(alert.accountId, alert.createdAt, alert.id, 1);

    expect(outcome).toEqual({ skipped: 'alert race-1 was acknowledged or climbed meanwhile' });
    expect(await repos.alerts.get(alert.accountId, alert.createdAt, alert.id)).toMatchObject({ acknowledgedBy: 'kai@sparkle.example', rung: 0 });
    expect(await inbox(cloud)).toEqual([]);
  });

  it('sends to everyone else when one send fails, and a minute later sends only the one that failed', async () => {
    const [account] = (await repos.accounts.list()).filter((a) => a.name === 'Unheard Plaza');
    // Tuesday 10:00 in Chicago: business hours.
    await cloud.runUntil(new Date('2026-12-22T16:00:00Z'));
    const alert = await freshAlert(account!, 'flaky-1');
    await clearInbox(cloud);

    const partly = await refusing('kai@sparkle.example').escalate(alert.accountId, alert.createdAt, alert.id, 10);
    const afterFailure = recipientsOf((await inbox(cloud)).filter(alertsAbout('Unheard Plaza')));
    await cloud.runUntil(new Date(cloud.clock.now().getTime() + 2 * 60_000));

    expect(partly).toEqual({
      done: 'alert flaky-1 (at-risk, rung 0) sent to luis@sparkle.example; 1 of 2 sends failed, tried again at 2026-12-22T16:01:00.000Z',
    });
    expect(afterFailure).toEqual(['luis@sparkle.example']);
    expect(recipientsOf((await inbox(cloud)).filter(alertsAbout('Unheard Plaza')))).toEqual(['kai@sparkle.example', 'luis@sparkle.example']);
  });

  it('finishes a rung whose send failed even when the level has moved on before the retry', async () => {
    const [account] = (await repos.accounts.list()).filter((a) => a.name === 'Unheard Plaza');
    const alert = await freshAlert(account!, 'flaky-2');
    await clearInbox(cloud);

    await refusing('kai@sparkle.example').escalate(alert.accountId, alert.createdAt, alert.id, 10);
    // Another answer lands before the retry: the account is now watched for something else.
    const current = await repos.accounts.require(account!.id);
    await repos.accounts.save({ ...current, risk: { level: 'watch', reasons: ['No answers for two cycles'], codes: ['silent'], evaluatedAt: cloud.clock.now().toISOString() } });
    await cloud.runUntil(new Date(cloud.clock.now().getTime() + 2 * 60_000));
    const climb = await engine().escalate(alert.accountId, alert.createdAt, alert.id, 1);

    // Kai hears what Luis heard; the ladder, though, stops: what the alert warned of is over.
    expect(recipientsOf((await inbox(cloud)).filter(alertsAbout('Unheard Plaza')))).toEqual(['kai@sparkle.example', 'luis@sparkle.example']);
    expect(climb).toEqual({ skipped: 'alert flaky-2: what it warned of is over' });
    await repos.accounts.save({ ...(await repos.accounts.require(account!.id)), risk: current.risk });
  });

  it('stores the level an evaluation raised even when one of its sends failed: the alert finishes the rest', async () => {
    const [account] = (await repos.accounts.list()).filter((a) => a.name === 'Unheard Plaza');
    const before = await repos.accounts.require(account!.id);
    for (const open of (await repos.alerts.recent(account!.id, 10)).filter((a) => !a.closedAt)) await repos.alerts.close(open, cloud.clock.now().toISOString());
    await repos.accounts.save({ ...before, risk: { level: 'healthy', reasons: [], codes: [], evaluatedAt: '2026-12-01T00:00:00.000Z' } });
    await clearInbox(cloud);

    const outcome = await refusing('kai@sparkle.example').evaluate(account!.id);
    const stored = await repos.accounts.require(account!.id);
    await cloud.runUntil(new Date(cloud.clock.now().getTime() + 2 * 60_000));

    expect(outcome).toMatchObject({ done: expect.stringContaining('sent to luis@sparkle.example; 1 of 2 sends failed, tried again at') });
    expect(stored.risk).toMatchObject({ level: before.risk.level, codes: before.risk.codes });
    expect(recipientsOf((await inbox(cloud)).filter(alertsAbout('Unheard Plaza')))).toEqual(['kai@sparkle.example', 'luis@sparkle.example']);
  });

  it('does not finish a rung once someone said "I\'m on it"', async () => {
    const [account] = (await repos.accounts.list()).filter((a) => a.name === 'Unheard Plaza');
    const alert = await freshAlert(account!, 'flaky-3');
    await clearInbox(cloud);

    await refusing('kai@sparkle.example').escalate(alert.accountId, alert.createdAt, alert.id, 10);
    await repos.alerts.acknowledge(alert, 'luis@sparkle.example', cloud.clock.now().toISOString());
    const finished = await engine().escalate(alert.accountId, alert.createdAt, alert.id, 3);

    expect(finished).toEqual({ skipped: 'alert flaky-3 was acknowledged by luis@sparkle.example' });
    expect(recipientsOf((await inbox(cloud)).filter(alertsAbout('Unheard Plaza')))).toEqual(['luis@sparkle.example']);
  });

  it('fails the finishing follow-up itself when its send fails again, for Lambda to retry it', async () => {
    const [account] = (await repos.accounts.list()).filter((a) => a.name === 'Unheard Plaza');
    const alert = await freshAlert(account!, 'flaky-4');
    await clearInbox(cloud);

    const failed = await refusing('kai@sparkle.example').escalate(alert.accountId, alert.createdAt, alert.id, 3).catch((error: unknown) => error);

    expect(failed).toBeInstanceOf(AggregateError);
    expect((failed as Error).message).toBe('alert flaky-4: 1 of 2 sends failed; sent to luis@sparkle.example');
  });

  // A finishing follow-up runs at night when an operator redrives it then.
  it.each([
    ['a finishing follow-up', 3, 'flaky-night', '2026-12-23T04:00:00Z', '2026-12-23T14:00:00.000Z'],
    ['an alert raised', 10, 'night-1', '2026-12-24T03:00:00Z', '2026-12-24T14:00:00.000Z'],
  ] as const)('holds %s at night until 08:00 on the next business day', async (_what, step, id, night, morning) => {
    const [account] = (await repos.accounts.list()).filter((a) => a.name === 'Unheard Plaza');
    // 21:00 or 22:00 in Chicago.
    await cloud.runUntil(new Date(night));
    const alert = await freshAlert(account!, id);
    await clearInbox(cloud);

    const outcome = await engine().escalate(alert.accountId, alert.createdAt, alert.id, step);
    const atNight = (await inbox(cloud)).filter(alertsAbout('Unheard Plaza'));
    await cloud.runUntil(new Date(Date.parse(morning) - 60_000));
    const before8 = (await inbox(cloud)).filter(alertsAbout('Unheard Plaza'));
    await cloud.runUntil(new Date(Date.parse(morning) + 5 * 60_000));

    expect(outcome).toEqual({ skipped: `alert ${id} waits for business hours, until ${morning}` });
    expect(atNight).toEqual([]);
    expect(before8).toEqual([]);
    expect(recipientsOf((await inbox(cloud)).filter(alertsAbout('Unheard Plaza')))).toEqual(['kai@sparkle.example', 'luis@sparkle.example']);
  });
});

describe('recovery', () => {
  it('sends a short note to everyone any of its alerts reached when the account is healthy again', async () => {
    cloud.afterRun = undefined;
    // The manager did what the customers asked for.
    for (const commitment of (await repos.commitments.of(harbor.id)).filter((c) => c.status === 'open')) {
      await api(cloud, 'POST', `/admin/accounts/${harbor.id}/commitments/${commitment.id}`, { whatWeDid: 'Added a second night check of the exam rooms' });
    }
    // Harbor's next meeting is Wednesday 6 January 2027; its survey follows that morning.
    await cloud.runUntil(new Date('2027-01-06T20:00:00Z'));
    const surveys = (await inbox(cloud)).filter((e) => e.subject === 'How did we do at Harbor Medical Plaza? One tap to score');
    await clearInbox(cloud);

    for (const survey of surveys.slice(-2)) {
      const url = /href="([^"]+\/s\/[^"?]+)\?score=\d+"/.exec(survey.body.html ?? '')?.[1] ?? '';
      await fetch(url, { method: 'POST', body: new URLSearchParams({ mode: 'submit', score: '5', comment: 'Much better this month.' }) });
    }
    await cloud.poller.drain();

    const notes = (await inbox(cloud)).filter((e) => e.subject === 'Recovered: Harbor Medical Plaza is healthy again');
    expect(surveys.length).toBeGreaterThanOrEqual(2);
    const told = new Set((await repos.alerts.recent(harbor.id, 10)).flatMap((alert) => alert.recipients));
    expect(recipientsOf(notes)).toEqual([...told].sort());
    // Harbor turned critical as its renewal neared: the executive was told, and hears it is over.
    expect(recipientsOf(notes)).toEqual(['ava@sparkle.example', 'luis@sparkle.example', 'pat@sparkle.example', 'sam@sparkle.example']);
    expect(notes[0]?.body.text).toContain('the latest score is 5 of 5');
    expect((await repos.accounts.require(harbor.id)).risk.level).toBe('healthy');
  });
});

describe('a recovery note whose send failed for some', () => {
  it('is finished a minute later, even when the account is at risk again by then', async () => {
    const acme = (await repos.accounts.list()).find((a) => a.name === 'Acme Tower')!;
    // As if Acme had been at risk, and its alert had told Kai and Luis.
    await repos.accounts.save({ ...acme, risk: { level: 'at-risk', reasons: ['Latest score is 2.0 out of 5'], codes: ['low-score'], evaluatedAt: cloud.clock.now().toISOString() } });
    const alert = await freshAlert(acme, 'recovered-1');
    await clearInbox(cloud);

    const outcome = await refusing('kai@sparkle.example').evaluate(acme.id);
    const stored = await repos.accounts.require(acme.id);
    const first = recipientsOf((await inbox(cloud)).filter(recoveryOf('Acme Tower')));
    // Another answer lands before the retry, and the account is at risk again.
    await repos.accounts.save({ ...stored, risk: { level: 'at-risk', reasons: ['Latest score is 2.0 out of 5'], codes: ['low-score'], evaluatedAt: cloud.clock.now().toISOString() } });
    await cloud.runUntil(new Date(cloud.clock.now().getTime() + 2 * 60_000));

    expect(acme.risk.level).toBe('healthy');
    expect(outcome).toMatchObject({ done: expect.stringMatching(/^recovery of acme-tower-\w+ sent to luis@sparkle.example, dana@sparkle.example; 1 of 3 sends failed, tried again at /) });
    expect(stored.risk.level).toBe('healthy');
    expect((await repos.alerts.get(alert.accountId, alert.createdAt, alert.id))?.closedAt).toBeDefined();
    expect(first).toEqual(['dana@sparkle.example', 'luis@sparkle.example']);
    expect(recipientsOf((await inbox(cloud)).filter(recoveryOf('Acme Tower')))).toEqual(['dana@sparkle.example', 'kai@sparkle.example', 'luis@sparkle.example']);
    await repos.accounts.save({ ...(await repos.accounts.require(acme.id)), risk: acme.risk });
  });
});

describe('the exactly-once markers of the whole run', () => {
  it('all carry an expiry', async () => {
    const markers: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      // A test may scan: it wants every marker the run wrote, whatever its key.
      const page = await cloud.dynamo.send(
        new ScanCommand({
          TableName: cloud.tableName,
          FilterExpression: 'begins_with(PK, :once)',
          ExpressionAttributeValues: { ':once': { S: keys.once.prefix } },
          ExclusiveStartKey,
        }),
      );
      markers.push(...(page.Items ?? []).map((item) => unmarshall(item)));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);

    const kinds = new Set(markers.map((marker) => String(marker.PK).slice(keys.once.prefix.length).split('#')[0]));
    expect([...kinds]).toEqual(expect.arrayContaining(['alert', 'survey', 'recovery']));
    expect(markers.filter((marker) => typeof marker[ATTRIBUTES.ttl] !== 'number').map((marker) => marker.PK)).toEqual([]);
  });
});
