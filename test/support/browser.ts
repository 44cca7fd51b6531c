// Chromium for the end-to-end tests: Debian's build, driven by playwright-core. Where it is missing
// the browser tests are skipped with the reason in their name, unless PULSE_REQUIRE_BROWSER=1 (CI):
// then a missing browser fails the run.
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** CI sets PULSE_REQUIRE_BROWSER=1 so that browser tests can never pass by being skipped. */
export const BROWSER_REQUIRED = process.env.PULSE_REQUIRE_BROWSER === '1';

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** True when an executable Chromium is where CHROMIUM_PATH (or the Debian default) says. */
export function browserAvailable(path = CHROMIUM_PATH): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why the browser tests cannot run here (for `describe.skipIf` and its name), or undefined when they can. */
export function browserSkipReason(): string | undefined {
  if (browserAvailable()) return undefined;
  return `skipped: no Chromium at ${CHROMIUM_PATH} (install Debian's chromium or set CHROMIUM_PATH)`;
}

/** The failure to report when the run requires a browser and has none; undefined otherwise. */
export function missingRequiredBrowser(): string | undefined {
  if (!BROWSER_REQUIRED || browserAvailable()) return undefined;
  return `PULSE_REQUIRE_BROWSER=1, but there is no executable Chromium at ${CHROMIUM_PATH}`;
}

/** A fresh headless Chromium (launch() gives it a throwaway profile). Close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
}
