// The scenario book's quick form in `npm test`: one account that must alert and the healthy ones that
// must not (a customer who skipped one survey, a mail scanner), run through the real system in the
// local cloud for as many months as their stories last. `npm run scenarios` runs the whole book.
import { beforeAll, describe, expect, it } from 'vitest';
import { QUICK_BOOK, SCENARIOS } from '../../bench/scenario-book.ts';
import { runScenarios, type BookResult } from '../../bench/scenarios.ts';

let book: BookResult;

beforeAll(async () => {
  book = await runScenarios(SCENARIOS.filter((scenario) => QUICK_BOOK.includes(scenario.name)));
}, 900_000);

const result = (name: string) => {
  const found = book.scenarios.find((scenario) => scenario.name === name);
  if (!found) throw new Error(`the book ran no scenario named ${name}`);
  return found;
};

describe('the quick scenario book', () => {
  it.each(QUICK_BOOK)('%s: alerts exactly when it should', (name) => {
    const scenario = result(name);

    expect(scenario.alerted).toBe(scenario.expected.alert);
  });

  it.each(QUICK_BOOK.filter((name) => SCENARIOS.find((s) => s.name === name)?.expect.alert))(
    '%s: the first alert goes out at least 60 days before the renewal',
    (name) => {
      expect(result(name).firstAlertDaysBeforeRenewal).toBeGreaterThanOrEqual(60);
    },
  );

  it.each(QUICK_BOOK)('%s: the executive hears of it only where the rules say', (name) => {
    const scenario = result(name);

    if (!scenario.expected.executive) expect(scenario.executiveEmailed).toBe(false);
    expect(scenario.misses).toEqual([]);
  });

  it('sends no alert email about a healthy account, the mail scanner’s included', () => {
    expect(book.falseAlerts).toBe(0);
    expect(book.alertEmailsPerHealthyAccountYear).toBe(0);
  });
});
