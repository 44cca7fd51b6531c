// A manager acts from the inbox, in a real browser against the in-process local cloud: a customer
// answers a survey low with a request, the Monday digest links the account to its page, the manager
// opens it on a phone, closes the request with what was done, and the next survey tells the customer.
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountScheduleName, followupScheduleName } from '#adapters/scheduler.ts';
import type { Account, Commitment } from '#domain/model.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { browserSkipReason, launchBrowser, missingRequiredBrowser } from '../support/browser.ts';
import { api, clearInbox, inbox, startTestCloud, type StoredEmail } from '../support/cloud.ts';
import { accountJson } from '../support/fixtures.ts';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const BROWSER_TEST_TIMEOUT = 180_000;
const PHONE = { viewport: { width: 375, height: 740 } };
const REQUEST = 'Please clean the loading dock every Friday';
const WHAT_WE_DID = 'The night crew now sweeps and mops the loading dock every Friday';

const skipReason = browserSkipReason();
if (skipReason) process.stderr.write(`manager-page: browser tests ${skipReason}\n`);

describe('the browser for the manager page tests', () => {
  it('is present whenever the run requires it (PULSE_REQUIRE_BROWSER=1)', () => {
    expect(missingRequiredBrowser()).toBeUndefined();
  });
});

describe.skipIf(skipReason !== undefined)(`the manager's account page in a real browser${skipReason ? ` — ${skipReason}` : ''}`, () => {
  let cloud: LocalCloud;
  let browser: Browser;
  let account: Account;
  let digest: StoredEmail;
  let pageLink: string;
  const contexts: BrowserContext[] = [];

  const nextFireTime = (name: string) => {
    const next = cloud.scheduler.schedules().find((s) => s.name === name)?.nextFireTime;
    if (!next) throw new Error(`no schedule named ${name} is due`);
    return next;
  };
  const hrefsOf = (email: StoredEmail | undefined) => [...(email?.body.html ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ ...PHONE, ...options });
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    [cloud, browser] = await Promise.all([startTestCloud({ clockStart: new Date('2026-11-23T12:00:00Z') }), launchBrowser()]);
    const created = await api<Account>(
      cloud,
      'POST',
      '/admin/accounts',
      accountJson({ name: 'Dockside Logistics', contacts: [{ name: 'Morgan Lee', email: 'morgan@dockside.example', role: 'Facility manager' }] }),
    );
    account = created.body;
    // The first meeting (Tuesday, December 8) and its survey, answered low with a request.
    const meeting = nextFireTime(accountScheduleName(account.id));
    await cloud.runUntil(new Date(meeting));
    const surveyAt = nextFireTime(followupScheduleName('survey', account.id, meeting));
    await cloud.runUntil(new Date(Date.parse(surveyAt) + 1_000));
    const survey = (await inbox(cloud)).find((e) => e.subject.startsWith('How did we do') && e.destination.to.some((to) => to.includes('morgan@')));
    const answerLink = hrefsOf(survey).find((h) => h.endsWith('?score=3'))?.replace(/\?.*$/, '') ?? '';
    const answered = await fetch(answerLink, { method: 'POST', body: new URLSearchParams({ score: '3', comment: REQUEST }) });
    expect(answered.status).toBe(200);
    await clearInbox(cloud);
    // The Monday digest of December 14, 07:00 in Chicago.
    await cloud.runUntil(new Date('2026-12-14T14:00:00Z'));
    const found = (await inbox(cloud)).find((e) => e.subject.startsWith('Weekly digest') && e.destination.to.some((to) => to.includes('dana@')));
    if (!found) throw new Error('no digest reached the account manager');
    digest = found;
    pageLink = hrefsOf(digest).find((h) => h.includes('/m/')) ?? '';
  }, BROWSER_TEST_TIMEOUT);

  afterAll(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await browser?.close();
    await cloud?.stop();
  });

  it(
    "opens from the digest on a phone, closes the customer's request with what was done, and the next survey quotes it",
    async () => {
      const page = await newPage();

      await page.goto(pageLink);
      const heading = await page.locator('h1').innerText();
      const widths = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      await page.getByLabel('What we did').fill(WHAT_WE_DID);
      await page.getByRole('button', { name: 'Close with what we did' }).click();
      const notice = await page.getByRole('status').innerText();
      const stored = (await api<{ commitments: Commitment[] }>(cloud, 'GET', `/admin/commitments?accountId=${account.id}`)).body.commitments;
      await clearInbox(cloud);
      // The next meeting (Tuesday, January 12) and its survey.
      const next = nextFireTime(accountScheduleName(account.id));
      await cloud.runUntil(new Date(next));
      await cloud.runUntil(new Date(Date.parse(nextFireTime(followupScheduleName('survey', account.id, next))) + 1_000));
      const nextSurvey = (await inbox(cloud)).find((e) => e.subject.startsWith('How did we do') && e.destination.to.some((to) => to.includes('morgan@')));

      expect(pageLink).toMatch(/\/m\/[A-Za-z0-9_-]+$/);
      expect(heading).toBe('Dockside Logistics');
      expect(widths.scrollWidth).toBeLessThanOrEqual(widths.innerWidth);
      expect(notice).toContain('Commitment closed');
      expect(stored).toEqual([expect.objectContaining({ request: REQUEST, status: 'done', whatWeDid: WHAT_WE_DID, doneBy: 'dana@sparkle.example' })]);
      expect(nextSurvey?.body.text).toContain(`You asked: "${REQUEST}" — we did: ${WHAT_WE_DID}.`);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'has no serious or critical accessibility violation at 375 px, in light and dark',
    async () => {
      const found: string[] = [];
      for (const colorScheme of ['light', 'dark'] as const) {
        // Only for axe: its script tag would be refused by the page's strict CSP.
        const page = await newPage({ bypassCSP: true, colorScheme });
        await page.goto(pageLink);
        // Open every folded section so axe sees the whole page.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
        found.push(...(await axeViolations(page)).map((v) => `${colorScheme}: ${v}`));
      }

      expect(found).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT,
  );
});

/** axe-core's violations of impact serious or critical, one line each (rule, impact, where). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run(context: Document, options?: RunOptions): Promise<AxeResults> } };
    const results = await axe.run(document);
    if (results.passes.length === 0) throw new Error('axe-core checked nothing on this page');
    return results.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`);
}
