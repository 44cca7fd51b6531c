import { describe, expect, it } from 'vitest';
import { describeScores, renderDigest } from '#render/digest.ts';
import { account, ago, atRisk, commitment, dateIn, digestOf, request, score, SENDER } from '#test/support/digest.ts';

describe('describeScores', () => {
  const acme = account({ name: 'Trend Tower' });
  const answers = (days: number, ...values: [number, 5 | 10][]) => values.map(([v, s]) => score(acme.id, v, s, ago(days)));

  it.each([
    { name: 'a fall', current: answers(5, [6, 10], [4, 10]), previous: answers(40, [3, 5]), words: 'Average score: 45 of 100 (5.0 of 10) from 2 answers in the last 30 days, down 5 points from 50 in the 30 days before.' },
    { name: 'a rise', current: answers(5, [3, 5]), previous: answers(40, [6, 10], [4, 10]), words: 'Average score: 50 of 100 (3.0 of 5) from 1 answer in the last 30 days, up 5 points from 45 in the 30 days before.' },
    { name: 'no earlier answers', current: answers(5, [3, 5]), previous: [], words: 'Average score: 50 of 100 (3.0 of 5) from 1 answer in the last 30 days; no answers in the 30 days before to compare with.' },
    { name: 'no answers at all', current: [], previous: [], words: 'No survey answers in the last 30 days.' },
  ])('is put in words for $name', ({ current, previous, words }) => {
    // Act
    const digest = digestOf({ accounts: [acme], scores: [...current, ...previous] });

    // Assess
    expect(describeScores(digest.scores)).toBe(words);
  });
});

describe('renderDigest', () => {
  const hostile = account(
    { name: 'Tom & Jerry <script>alert(1)</script>', renewalDate: dateIn(40), cadence: { every: 'month', week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60 } },
    atRisk('at-risk', ['Comments mention “<b>cancel</b>”']),
  );
  const digest = digestOf({
    accounts: [hostile],
    scores: [score(hostile.id, 6, 10, ago(3)), score(hostile.id, 9, 10, ago(40))],
    surveyRequests: [request(hostile.id, 'x', ago(5))],
    commitments: [commitment(hostile.id, ago(45), { request: 'Fix the <img src=x onerror=alert(1)> door' })],
  });
  const recipient = { name: 'Dana Reyes', email: 'dana@sparkle.example' };

  it('addresses one manager from the company, with the count of accounts that need attention in the subject', () => {
    // Act
    const email = renderDigest(digest, recipient, SENDER);

    // Assess
    expect(email.to).toEqual([{ name: 'Dana Reyes', address: 'dana@sparkle.example' }]);
    expect(email.from).toEqual({ name: 'Partner Pulse (Sparkle Facility Services)', address: 'digest@sparkle.example' });
    expect(email.subject).toBe('Weekly digest, week of Jan 4, 2027: 1 account needs attention');
  });

  it('escapes every name, reason and request in the HTML and keeps them whole in the text', () => {
    // Act
    const email = renderDigest(digest, recipient, SENDER);

    // Assess
    expect(email.html).not.toMatch(/<script|<img|<b>cancel/);
    expect(email.html).toContain('Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('Fix the &lt;img src=x onerror=alert(1)&gt; door');
    expect(email.text).toContain('Tom & Jerry <script>alert(1)</script>: at risk, renewal Feb 13, 2027 (in 40 days). Comments mention “<b>cancel</b>”.');
    expect(email.text).toContain('"Fix the <img src=x onerror=alert(1)> door" (owner Dana Reyes, open 45 days)');
  });

  it('shows the numbers in both parts', () => {
    // Act
    const email = renderDigest(digest, recipient, SENDER);

    // Assess
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Average score: 56 of 100 (6.0 of 10) from 1 answer in the last 30 days, down 33 points from 89 in the 30 days before.');
      expect(part).toContain('Response rate: 0% (0 of 1 survey sent in the last 30 days answered).');
      expect(part).toContain('Meetings next week (Jan 11, 2027 – Jan 17, 2027)');
    }
    expect(email.text).toContain('Tue, Jan 12, 10:00 AM CST: Tom & Jerry <script>alert(1)</script> (60 min)');
    expect(email.text).toMatch(/41–60 +#{20} 1/);
  });

  it('says so when a section is empty', () => {
    // Prepare
    const quiet = digestOf({ accounts: [account({ name: 'Quiet Place', renewalDate: dateIn(200), cadence: { every: 'quarter', months: [2, 5, 8, 11], week: 1, weekday: 'MON', time: '09:00', durationMinutes: 60 } })] });

    // Act
    const email = renderDigest(quiet, recipient, SENDER);

    // Assess
    expect(email.subject).toBe('Weekly digest, week of Jan 4, 2027: no account needs attention');
    for (const line of [
      'No survey answers in the last 30 days.',
      'No surveys were sent in the last 30 days.',
      'None: every account is healthy.',
      'No renewal in the next 90 days.',
      'No partnership meetings next week.',
      'None: no commitment has been open for more than 30 days.',
    ]) {
      expect(email.text).toContain(line);
      expect(email.html).toContain(line);
    }
  });
});
