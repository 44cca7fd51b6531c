// Every kind of email as mail clients will draw it: rendered straight from the renderers with
// realistic data, checked against caniemail's data for Gmail and Outlook, composed into the exact
// MIME bytes SES receives, and drawn in Chromium at 375 and 700 px in light and dark mode, where
// every visible piece of text must keep a contrast of 4.5:1 or more on its effective background.
// Screenshots go to /tmp/email-shots (or EMAIL_SHOTS_DIR) for people to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { doIUseEmail } from '@jsx-email/doiuse-email';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '#adapters/mailer.ts';
import { browserSkipReason, launchBrowser, missingRequiredBrowser } from '../support/browser.ts';
import { EMAIL_KINDS, sampleEmails, type EmailKind } from '../support/emails.ts';

const SHOTS_DIR = process.env.EMAIL_SHOTS_DIR ?? '/tmp/email-shots';
/** Gmail clips a message whose HTML passes about 102 KB ("[Message clipped]"), hiding its end and footer. */
const GMAIL_CLIP_BYTES = 102 * 1024;
const MIN_CONTRAST = 4.5;
const MIN_TAP_HEIGHT = 44;
/** The kinds that ask for a tap: score buttons, or "I'm on it". */
const WITH_BUTTONS: readonly EmailKind[] = ['survey', 'reminder', 'alert', 'escalation'];

const emails = sampleEmails();

// ---- caniemail -------------------------------------------------------------------------------

/**
 * The clients whose findings count: Gmail (web and apps) and Outlook (Windows, the new Outlook for
 * Windows, Mac and the apps), where layouts break; and Apple Mail, the reference for dark mode.
 */
const CLIENTS = ['gmail.*', 'outlook.*', 'apple-mail.*'];

/**
 * Findings that do not count, because the email reads the same without the feature. Anything else
 * (flex, grid, position, float, SVG, white-space, background images, …) is a finding and fails.
 */
const HARMLESS: Record<string, string> = {
  // Used only in the <style> sheet, which holds the dark-mode colours and a phone margin: a client
  // that drops it shows the inline light design, complete and readable (the light-mode test below).
  '@media': 'dark mode and phone margin only, in the style sheet',
  'Attribute selector': 'the [data-ogsc] dark rules of the Outlook apps only',
  'Class selector': 'style-sheet dark rules only; every colour is also inline',
  'Descendant combinator': 'the [data-ogsc] dark rules only',
  // <body> carries only margin and background; the outer table repeats the background.
  '<body> element': 'nothing rests on the body: the outer table carries the background',
  // The preheader and the honeypot link are hidden by display:none, max-height:0, mso-hide:all and
  // opacity together; each client honours at least one of them.
  'display:none': 'one of several ways the preheader is hidden',
  opacity: 'one of several ways the preheader is hidden',
  overflow: 'one of several ways the preheader is hidden',
  // Accessibility hints a client may drop without changing what is drawn.
  'role attribute': 'a hint for screen readers; the tables draw the same without it',
  'aria-label attribute': 'a hint for screen readers',
  'aria-hidden attribute': 'a hint for screen readers',
  // Outlook for Windows draws the buttons square; they keep their colour and size.
  'border-radius': 'square buttons in Outlook for Windows, same colour and size',
};

function caniemailFindings(markup: string): { counted: string[]; harmless: string[] } {
  const result = doIUseEmail(markup, { emailClients: CLIENTS });
  const errors = result.success ? [] : result.errors;
  const feature = (message: string) => /^`([^`]+)`/.exec(message)?.[1] ?? message;
  return {
    counted: [...new Set(errors.filter((e) => !(feature(e) in HARMLESS)))],
    harmless: [...new Set(errors.filter((e) => feature(e) in HARMLESS))],
  };
}

// ---- what the report prints ------------------------------------------------------------------

interface Measured {
  htmlBytes?: number;
  rawBytes?: number;
  caniemail?: number;
  light?: number;
  dark?: number;
}
const measured = new Map<EmailKind, Measured>(EMAIL_KINDS.map((kind) => [kind, {}]));
const note = (kind: EmailKind, values: Measured) => measured.set(kind, { ...measured.get(kind), ...values });

afterAll(() => {
  const rows = EMAIL_KINDS.map((kind) => {
    const m = measured.get(kind) ?? {};
    const kb = (bytes?: number) => (bytes === undefined ? '-' : (bytes / 1024).toFixed(1));
    const ratio = (value?: number) => (value === undefined ? '-' : value.toFixed(2));
    return `| ${kind} | ${kb(m.htmlBytes)} | ${kb(m.rawBytes)} | ${ratio(m.light)} | ${ratio(m.dark)} | ${m.caniemail ?? '-'} |`;
  });
  process.stderr.write(
    ['', '| email | HTML KB | raw KB | min contrast light | min contrast dark | caniemail findings |', '|---|---|---|---|---|---|', ...rows, ''].join('\n'),
  );
});

describe('every kind of email, as markup', () => {
  it.each(EMAIL_KINDS)('the %s has no caniemail finding that breaks Gmail or Outlook', (kind) => {
    // Act
    const { counted } = caniemailFindings(emails[kind].html);
    note(kind, { caniemail: counted.length });

    // Assess
    expect(counted).toEqual([]);
  });

  it.each(EMAIL_KINDS)('the %s uses tables, not flex, grid, positioning or SVG, and a preheader hidden in every client', (kind) => {
    // Act
    const markup = emails[kind].html;

    // Assess
    expect(markup).not.toMatch(/display:\s*(flex|grid|inline-flex)|position:\s*(absolute|relative|fixed)|float:|<svg|<div(?![^>]*display:none)/i);
    expect(markup).toMatch(/<div style="display:none;[^"]*max-height:0;[^"]*overflow:hidden;[^"]*mso-hide:all;/);
    expect(markup).toMatch(/<table role="presentation"/);
  });

  it.each(EMAIL_KINDS)('the %s sets its font on every cell that holds text, not only on <body>', (kind) => {
    // Act
    const textCells = [...emails[kind].html.matchAll(/<(td|p|li|h1|h2|th)\b[^>]*class="pp-text[^>]*>/g)].map((m) => m[0]);

    // Assess
    expect(textCells.length).toBeGreaterThan(0);
    expect(textCells.filter((tag) => !tag.includes('font-family:'))).toEqual([]);
  });

  it.each(EMAIL_KINDS)('the %s is composed with CRLF line ends only and says it was sent automatically', async (kind) => {
    // Act
    const raw = await compose(emails[kind]);
    const text = raw.toString('latin1');
    note(kind, { rawBytes: raw.length, htmlBytes: Buffer.byteLength(emails[kind].html) });

    // Assess
    expect(text.match(/(?<!\r)\n/g) ?? []).toEqual([]);
    expect(text.match(/\r(?!\n)/g) ?? []).toEqual([]);
    expect(text).toMatch(/^Auto-Submitted: auto-generated\r$/m);
    expect(Buffer.byteLength(emails[kind].html)).toBeLessThan(GMAIL_CLIP_BYTES);
  });
});

// ---- in a real browser -----------------------------------------------------------------------

const skipReason = browserSkipReason();
if (skipReason) process.stderr.write(`email-rendering: browser tests ${skipReason}\n`);

describe('the browser for the email rendering tests', () => {
  it('is present whenever the run requires it (PULSE_REQUIRE_BROWSER=1)', () => {
    expect(missingRequiredBrowser()).toBeUndefined();
  });
});

interface Drawn {
  /** Every visible text with its contrast, lowest first. */
  texts: { text: string; ratio: number; fg: string; bg: string }[];
  /** Height of each button link, px. */
  buttons: number[];
  overflow: number;
  /** Cells that must stay on one line and took more. */
  wrapped: string[];
}

// Runs in the page: the contrast of each visible text node against the first opaque background
// behind it (the canvas of the page's colour scheme when there is none), as WCAG 2 computes it.
function measurePage(): Drawn {
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba => {
    const parts = /rgba?\(([^)]+)\)/.exec(css)?.[1]?.split(/[\s,/]+/).filter(Boolean).map(Number) ?? [0, 0, 0, 0];
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
  };
  const over = (top: Rgba, under: Rgba): Rgba => {
    const a = top[3];
    return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
  };
  const luminance = ([r, g, b]: Rgba) => {
    const channel = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const probe = document.createElement('div');
  probe.style.cssText = 'background-color:Canvas;color:CanvasText';
  document.body.appendChild(probe);
  const canvas = parse(getComputedStyle(probe).backgroundColor);
  probe.remove();
  const backgroundOf = (element: Element | null): Rgba => {
    for (let e = element; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg[3] > 0) return over(bg, canvas);
    }
    return canvas;
  };
  const texts: Drawn['texts'] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    const text = node.textContent?.trim() ?? '';
    if (!element || text === '') continue;
    if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const bg = backgroundOf(element);
    const fg = over(parse(getComputedStyle(element).color), bg);
    const [light, dark] = [luminance(fg), luminance(bg)].sort((a, b) => b - a) as [number, number];
    const hex = (c: Rgba) => `rgb(${c.slice(0, 3).map(Math.round).join(',')})`;
    texts.push({ text: text.slice(0, 40), ratio: (light + 0.05) / (dark + 0.05), fg: hex(fg), bg: hex(bg) });
  }
  texts.sort((a, b) => a.ratio - b.ratio);
  const buttons = Array.from(document.querySelectorAll('td.pp-button a')).map((a) => a.getBoundingClientRect().height);
  const wrapped = Array.from(document.querySelectorAll('td[nowrap]:not(:has(table))')).filter((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lines = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    return lines.size > 1;
  }).map((cell) => cell.textContent ?? '');
  return { texts, buttons, overflow: document.documentElement.scrollWidth - window.innerWidth, wrapped };
}

describe.skipIf(skipReason !== undefined)(`every kind of email in Chromium${skipReason ? ` — ${skipReason}` : ''}`, () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS_DIR, { recursive: true });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('finds dark text on a dark canvas where dark mode is declared but only light colours are given', async () => {
    // Prepare: the markup before dark styles, which Apple Mail drew at 1.27:1.
    const declaredOnly =
      '<!doctype html><html><head><meta name="color-scheme" content="light dark"></head><body style="color:#1f2933"><table role="presentation"><tr><td>Renewal in 7 days</td></tr></table></body></html>';
    const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 375, height: 400 } });
    try {
      const page = await context.newPage();
      await page.setContent(declaredOnly);

      // Act
      const drawn = await page.evaluate(measurePage);

      // Assess
      expect(drawn.texts[0]?.ratio).toBeLessThan(1.5);
    } finally {
      await context.close();
    }
  });

  it.each(['alert', 'escalation'] as const)('the %s shows "I\'m on it" on the first screen of a 375 × 667 phone', async (kind) => {
    // Prepare
    const context = await browser.newContext({ viewport: { width: 375, height: 667 } });
    try {
      const page = await context.newPage();
      await page.setContent(emails[kind].html, { waitUntil: 'load' });

      // Act
      const box = await page.getByRole('link', { name: "I'm on it" }).boundingBox();

      // Assess
      expect(box).not.toBeNull();
      expect((box?.y ?? Infinity) + (box?.height ?? 0)).toBeLessThanOrEqual(667);
    } finally {
      await context.close();
    }
  });

  it.each(EMAIL_KINDS)(
    'the %s is readable at 375 and 700 px, light and dark: contrast 4.5:1, 44 px buttons, nothing wider than the screen',
    async (kind) => {
      for (const colorScheme of ['light', 'dark'] as const) {
        let lowest = Infinity;
        for (const width of [375, 700]) {
          // Prepare
          const context = await browser.newContext({ colorScheme, viewport: { width, height: 800 }, javaScriptEnabled: true });
          try {
            const page = await context.newPage();
            await page.setContent(emails[kind].html, { waitUntil: 'load' });

            // Act
            const drawn = await page.evaluate(measurePage);
            await page.screenshot({ path: join(SHOTS_DIR, `${kind}-${width}-${colorScheme}.png`), fullPage: true });

            // Assess
            // One object, so a failure names the email, width and mode it happened in.
            const where = `${kind} at ${width} px, ${colorScheme}`;
            expect({
              where,
              hasText: drawn.texts.length > 0,
              lowContrast: drawn.texts.filter((t) => t.ratio < MIN_CONTRAST),
              hasButtons: WITH_BUTTONS.includes(kind) ? drawn.buttons.length > 0 : 'no button asked for',
              shortButtons: drawn.buttons.filter((h) => h < MIN_TAP_HEIGHT),
              widerThanScreen: drawn.overflow > 0,
              wrapped: drawn.wrapped,
            }).toEqual({
              where,
              hasText: true,
              lowContrast: [],
              hasButtons: WITH_BUTTONS.includes(kind) ? true : 'no button asked for',
              shortButtons: [],
              widerThanScreen: false,
              wrapped: [],
            });
            lowest = Math.min(lowest, drawn.texts[0]?.ratio ?? Infinity);
          } finally {
            await context.close();
          }
        }
        note(kind, { [colorScheme]: lowest });
      }
    },
    120_000,
  );
});
