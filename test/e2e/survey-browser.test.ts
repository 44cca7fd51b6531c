// The survey end to end through a real browser, against the in-process local cloud: a meeting is
// held, the survey email arrives, a person (or a scanner) opens its links in Chromium. The page's
// beacon waits 5 s of real time while the server measures dwell on the virtual clock, so the tests
// move the virtual clock by hand around the real waits.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accountScheduleName, followupScheduleName } from '#adapters/scheduler.ts';
import type { Account, Commitment, Score } from '#domain/model.ts';
import type { LocalCloud } from '../../local/cloud.ts';
import { browserSkipReason, launchBrowser, missingRequiredBrowser } from '../support/browser.ts';
import { api, clearInbox, inbox, startTestCloud, type StoredEmail } from '../support/cloud.ts';
import { accountJson } from '../support/fixtures.ts';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PHONE_SCREENSHOT = fileURLToPath(new URL('../../test-results/survey-phone.png', import.meta.url));
const BEACON_DELAY_MS = 5_000;
const BROWSER_TEST_TIMEOUT = 120_000;

const skipReason = browserSkipReason();
if (skipReason) process.stderr.write(`survey-browser: browser tests ${skipReason}\n`);

describe('the browser for the end-to-end tests', () => {
  it('is present whenever the run requires it (PULSE_REQUIRE_BROWSER=1)', () => {
    expect(missingRequiredBrowser()).toBeUndefined();
  });
});

describe.skipIf(skipReason !== undefined)(`the survey in a real browser${skipReason ? ` — ${skipReason}` : ''}`, () => {
  let cloud: LocalCloud;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [cloud, browser] = await Promise.all([
      startTestCloud({ clockStart: new Date('2026-11-23T12:00:00Z') }),
      launchBrowser(),
    ]);
  }, 180_000);

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
  });

  async function newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context;
  }

  // ---- the meeting and its survey email -----------------------------------------------------

  interface Delivery {
    account: Account;
    email: StoredEmail;
    /** Every href of the HTML body, entities decoded, in order. */
    hrefs: string[];
    scoreLink(score: number): string;
    unsubscribe: string;
  }

  function nextFireTime(scheduleName: string): string {
    const next = cloud.scheduler.schedules().find((s) => s.name === scheduleName)?.nextFireTime;
    if (!next) throw new Error(`no schedule named ${scheduleName} is due`);
    return next;
  }

  /** A new account's first meeting is held and its survey fires through the scheduler emulator. */
  async function meetingHeldAndSurveyDelivered(name: string): Promise<Delivery> {
    const address = `morgan@${name.toLowerCase().replace(/\W/g, '')}.example`;
    const created = await api<Account>(
      cloud,
      'POST',
      '/admin/accounts',
      accountJson({ name, contacts: [{ name: 'Morgan Lee', email: address, role: 'Facility manager' }] }),
    );
    expect(created.status).toBe(201);
    const account = created.body;
    const meeting = nextFireTime(accountScheduleName(account.id));
    await cloud.runUntil(new Date(meeting));
    const surveyName = followupScheduleName('survey', account.id, meeting);
    const surveyAt = nextFireTime(surveyName);
    await clearInbox(cloud);

    const fired = await cloud.runUntil(new Date(Date.parse(surveyAt) + 1_000));

    expect(fired).toContainEqual(expect.objectContaining({ name: surveyName, outcome: 'ok' }));
    const email = (await inbox(cloud)).find(
      (e) => e.subject.startsWith('How did we do') && e.destination.to.some((to) => to.includes(address)),
    );
    if (!email) throw new Error(`no survey email reached ${address}`);
    const hrefs = [...(email.body.html ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    const scoreLink = (score: number) => {
      const link = hrefs.find((h) => h.endsWith(`?score=${score}`));
      if (!link) throw new Error(`the survey email has no link for ${score}`);
      return link;
    };
    return { account, email, hrefs, scoreLink, unsubscribe: hrefs.find((h) => h.includes('/u/')) ?? '' };
  }

  // ---- what is stored ---------------------------------------------------------------------

  async function storedScores(account: Account): Promise<Score[]> {
    return (await api<{ scores: Score[] }>(cloud, 'GET', `/admin/accounts/${account.id}/scores`)).body.scores;
  }

  async function storedCommitments(account: Account): Promise<Commitment[]> {
    return (await api<{ commitments: Commitment[] }>(cloud, 'GET', `/admin/commitments?accountId=${account.id}`)).body
      .commitments;
  }

  async function contactStatuses(account: Account): Promise<string[]> {
    return (await api<Account>(cloud, 'GET', `/admin/accounts/${account.id}`)).body.contacts.map((c) => c.status);
  }

  // ---- what the page shows ------------------------------------------------------------------

  const checkedScores = (page: Page) =>
    page.locator('input[name="score"]:checked').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));

  const isBeacon = (request: Request) => request.method() === 'POST' && (request.postData() ?? '').includes('mode=provisional');

  async function send(page: Page): Promise<void> {
    await page.getByRole('button', { name: /my answer/ }).click();
    await page.getByRole('status').waitFor();
  }

  const realSeconds = (seconds: number) => new Promise((done) => setTimeout(done, seconds * 1_000));

  // ---- the tests --------------------------------------------------------------------------

  it(
    'stores one final answer and an open commitment when a person clicks 8 in the email, writes a comment and sends it',
    async () => {
      const { account, email, scoreLink } = await meetingHeldAndSurveyDelivered('Browser Plaza');
      cloud.clock.advance(5 * 60_000);
      const page = await (await newContext()).newPage();
      const comment = 'Please dust the lobby vents before the board visit';

      await page.goto(scoreLink(8));
      const chosen = await checkedScores(page);
      await page.getByLabel('What can we do').fill(comment);
      await send(page);

      expect(email.subject).toBe('How did we do at Browser Plaza? One tap to score');
      expect(chosen).toEqual(['8']);
      expect(await page.getByRole('status').innerText()).toContain('Thank you — your answer is saved.');
      expect(await checkedScores(page)).toEqual(['8']);
      expect(await page.getByLabel('What can we do').inputValue()).toBe(comment);
      expect(await storedScores(account)).toEqual([expect.objectContaining({ score: 8, comment, provisional: false })]);
      expect(await storedCommitments(account)).toEqual([expect.objectContaining({ request: comment, status: 'open' })]);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'works without script: a person can answer, come back, choose another score and the latest answer wins',
    async () => {
      const { account, scoreLink } = await meetingHeldAndSurveyDelivered('No Script Hall');
      cloud.clock.advance(10 * 60_000);
      const page = await (await newContext({ javaScriptEnabled: false })).newPage();
      await page.goto(scoreLink(3));
      await send(page);
      const first = await storedScores(account);
      cloud.clock.advance(60 * 60_000);

      await page.goto(scoreLink(3));
      const shownOnReturn = await page.locator('main p.muted').first().innerText();
      await page.getByRole('radio', { name: '9 of 10' }).click();
      await send(page);

      expect(first).toEqual([expect.objectContaining({ score: 3, provisional: false })]);
      expect(shownOnReturn).toContain('You answered 3 of 10 earlier.');
      expect(await checkedScores(page)).toEqual(['9']);
      expect(await storedScores(account)).toEqual([expect.objectContaining({ score: 9, provisional: false })]);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'stores nothing and unsubscribes no one when a scanner that runs script opens every link of the email on delivery',
    async () => {
      const { account, hrefs } = await meetingHeldAndSurveyDelivered('Scanner Court');
      const context = await newContext();
      const beacons: Promise<unknown>[] = [];
      context.on('request', (request) => {
        if (isBeacon(request)) beacons.push(request.response());
      });

      const pages = await Promise.all(
        hrefs.map(async (href) => {
          const page = await context.newPage();
          await page.goto(href);
          return page;
        }),
      );
      cloud.clock.advance(6_000);
      await realSeconds(6);
      await Promise.all(beacons);
      await Promise.all(pages.map((page) => page.close()));

      expect(hrefs.filter((h) => h.includes('via=preview'))).toHaveLength(1);
      expect(hrefs.filter((h) => h.includes('/u/'))).toHaveLength(1);
      // The page heard no pointer, touch, key or scroll: it records nothing, not even provisionally.
      expect(beacons).toHaveLength(0);
      expect(await storedScores(account)).toEqual([]);
      expect(await contactStatuses(account)).toEqual(['active']);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'counts a score provisionally when a person clicks it minutes after delivery and stays, and makes it final when they come back and send another',
    async () => {
      const { account, scoreLink } = await meetingHeldAndSurveyDelivered('Lingering Lofts');
      cloud.clock.advance(4 * 60_000);
      const context = await newContext();
      const page = await context.newPage();
      await page.goto(scoreLink(6));
      const beacon = page.waitForResponse((response) => isBeacon(response.request()), { timeout: BEACON_DELAY_MS * 3 });
      await page.mouse.move(40, 40);
      cloud.clock.advance(6_000);
      const noted = await beacon;
      await page.close();
      const afterLeaving = await storedScores(account);
      cloud.clock.advance(2 * 60 * 60_000);

      const again = await context.newPage();
      await again.goto(scoreLink(6));
      const shownOnReturn = await checkedScores(again);
      await again.getByRole('radio', { name: '9 of 10' }).click();
      await send(again);

      expect(noted.status()).toBe(202);
      expect(afterLeaving).toEqual([expect.objectContaining({ score: 6, provisional: true })]);
      expect(shownOnReturn).toEqual(['6']);
      expect(await storedScores(account)).toEqual([expect.objectContaining({ score: 9, provisional: false })]);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'has no serious or critical accessibility violation on the survey, thank-you, error and unsubscribe pages, in light and dark',
    async () => {
      const { scoreLink, unsubscribe } = await meetingHeldAndSurveyDelivered('Accessible Arcade');
      cloud.clock.advance(5 * 60_000);
      const tampered = scoreLink(5).replace(/\/s\/(.)/, (_, c: string) => `/s/${c === 'A' ? 'B' : 'A'}`);
      const found: string[] = [];
      const shown: string[] = [];

      for (const colorScheme of ['light', 'dark'] as const) {
        // Only for axe: its script tag would be refused by the page's strict CSP.
        const page = await (await newContext({ bypassCSP: true, colorScheme })).newPage();
        const check = async (what: string) => {
          shown.push(`${colorScheme} ${what}: ${await page.locator('h1').innerText()}`);
          found.push(...(await axeViolations(page)).map((v) => `${colorScheme} ${what}: ${v}`));
        };
        await page.goto(scoreLink(7));
        await check('survey page');
        await page.getByLabel('What can we do').fill('More paper towels on floor 3');
        await send(page);
        await check('thank-you page');
        await page.goto(tampered);
        await check('error page');
        await page.goto(unsubscribe);
        await check('unsubscribe confirmation');
      }

      expect(shown).toEqual([
        'light survey page: How are we doing at Accessible Arcade?',
        'light thank-you page: How are we doing at Accessible Arcade?',
        'light error page: This link is incomplete',
        'light unsubscribe confirmation: Unsubscribe morgan@accessiblearcade.example?',
        'dark survey page: How are we doing at Accessible Arcade?',
        'dark thank-you page: How are we doing at Accessible Arcade?',
        'dark error page: This link is incomplete',
        'dark unsubscribe confirmation: Unsubscribe morgan@accessiblearcade.example?',
      ]);
      expect(found).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'enforces its Content-Security-Policy while its own inline style and script run without a violation',
    async () => {
      const { scoreLink } = await meetingHeldAndSurveyDelivered('Policy Point');
      const context = await newContext();
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
        });
      });
      const page = await context.newPage();
      const messages: string[] = [];
      page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`));

      const response = await page.goto(scoreLink(4));
      const waiting = page.waitForRequest(isBeacon, { timeout: BEACON_DELAY_MS * 3 });
      await page.mouse.move(40, 40);
      const beacon = await waiting;
      const styled = await page.locator('.scores input').first().evaluate((input) => getComputedStyle(input).opacity);
      const before = [...messages];
      const refused = page.waitForEvent('console', { predicate: (m) => /Content Security Policy|CSP violation/.test(m.text()) });
      await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'document.body.dataset.injected = "yes"';
        document.body.append(script);
      });
      await refused;
      const injectedRan = await page.evaluate(() => document.body.dataset.injected === 'yes');

      expect(response?.headers()['content-security-policy']).toContain("script-src 'sha256-");
      expect(beacon.postData()).toContain('score=4');
      expect(styled).toBe('0');
      expect(before).toEqual([]);
      expect(injectedRan).toBe(false);
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'fits a phone: every score button is at least 44×44 px and nothing scrolls sideways',
    async () => {
      const { scoreLink } = await meetingHeldAndSurveyDelivered('Phone Tower');
      const context = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      const page = await context.newPage();

      await page.goto(scoreLink(8));
      const buttons = await Promise.all(
        (await page.locator('.scores label').all()).map(async (label) => ({ label: await label.innerText(), box: await label.boundingBox() })),
      );
      const sendButton = await page.getByRole('button', { name: 'Send my answer' }).boundingBox();
      const widths = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      await page.screenshot({ path: PHONE_SCREENSHOT, fullPage: true });

      expect(buttons.map((b) => b.label)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      const tooSmall = buttons.filter(({ box }) => !box || box.width < 44 || box.height < 44);
      expect(tooSmall).toEqual([]);
      expect(sendButton?.height).toBeGreaterThanOrEqual(44);
      expect(widths.scrollWidth).toBeLessThanOrEqual(widths.innerWidth);
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
    // No rule passed at all would mean axe did not really look at the page.
    if (results.passes.length === 0) throw new Error('axe-core checked nothing on this page');
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  if (process.env.PULSE_AXE_VERBOSE) console.log(JSON.stringify(violations, null, 2));
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`);
}
