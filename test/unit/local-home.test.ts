// What the local home page says: each reason on one line, times in the account's own zone, and a
// summary of what a move of the clock ran and sent.
import { describe, expect, test } from 'vitest';
import { pulseApiHint } from '../../local/banner.ts';
import { describeMove, inZone, oneLine } from '../../local/home.ts';

describe('oneLine', () => {
  test.each([
    ['a short reason stays as it is', 'Latest score is 2.5 out of 5', 'Latest score is 2.5 out of 5'],
    [
      'merged facts of one rule show the first and count the rest',
      'Commitment "lobby glass" is 41 days old; Commitment "exam rooms" is 35 days old; Commitment "dock" is 31 days old',
      'Commitment "lobby glass" is 41 days old (and 2 more)',
    ],
    ['a long reason is cut at 90 characters with an ellipsis', 'x'.repeat(120), `${'x'.repeat(89)}…`],
  ])('%s', (_, reason, line) => {
    expect(oneLine(reason)).toBe(line);
  });
});

describe('inZone', () => {
  test.each([
    ['America/Chicago in winter', '2026-12-08T16:00:00Z', 'America/Chicago', 'Tue, Dec 8, 2026, 10:00 CST'],
    ['America/Chicago in summer', '2027-07-13T15:00:00Z', 'America/Chicago', 'Tue, Jul 13, 2027, 10:00 CDT'],
    ['Europe/London in winter', '2027-02-05T10:30:00Z', 'Europe/London', 'Fri, Feb 5, 2027, 10:30 GMT'],
    ['Australia/Sydney, a day ahead of UTC', '2026-12-14T22:00:00Z', 'Australia/Sydney', 'Tue, Dec 15, 2026, 09:00 GMT+11'],
  ])('%s', (_, instant, timezone, shown) => {
    expect(inZone(new Date(instant), timezone)).toBe(shown);
  });
});

describe('describeMove', () => {
  const move = (fired: { name: string; outcome?: string }[], emails: Record<string, number> = {}) => ({
    from: '2026-11-23T12:00:00.000Z',
    now: '2026-11-30T12:00:00.000Z',
    fired: fired.map((f) => ({ name: f.name, scheduledTime: '2026-11-25T15:00:00Z', outcome: f.outcome ?? 'ok' })),
    emails,
  });

  test.each([
    ['nothing due', move([]), { runs: 'nothing', emails: 'nothing', failures: [] }],
    [
      'runs counted by what they run, most first, and emails by kind',
      move(
        [{ name: 'account-acme-1' }, { name: 'account-harbor-2' }, { name: 'agenda-acme-1-20261208T1600' }, { name: 'weekly-digest' }],
        { agenda: 1, digest: 5, invitation: 1 },
      ),
      { runs: '2 meetings, 1 agenda, 1 weekly digest', emails: '5 digests, 1 agenda, 1 invitation', failures: [] },
    ],
    [
      'an alert climb and a failed run',
      move([{ name: 'escalation-harbor-2-20261202T1400-1' }, { name: 'survey-acme-1-20261208T1600', outcome: 'failed: boom' }]),
      {
        runs: '1 alert climb, 1 survey round',
        emails: 'nothing',
        failures: ['survey-acme-1-20261208T1600 at 2026-11-25T15:00:00Z: failed: boom'],
      },
    ],
  ])('%s', (_, given, said) => {
    expect(describeMove(given)).toEqual(said);
  });
});

describe('pulseApiHint', () => {
  test.each([
    ['the default port needs no hint', 'http://127.0.0.1:3000', undefined],
    ['the default port with a slash needs none either', 'http://127.0.0.1:3000/', undefined],
    [
      'another port names the --api option and PULSE_API with its URL',
      'http://127.0.0.1:3300',
      'The API is not on the port pulse uses by default: run `npx pulse accounts list --api http://127.0.0.1:3300`, or `export PULSE_API=http://127.0.0.1:3300` once for this shell.',
    ],
  ])('%s', (_, url, hint) => {
    expect(pulseApiHint(url)).toBe(hint);
  });
});
