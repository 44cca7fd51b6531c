import { describe, expect, it } from 'vitest';
import { describeScores, renderDigest } from '#render/digest.ts';
import { account, ago, atRisk, commitment, dateIn, digestOf, request, score, SENDER } from '#test/support/digest.ts';
import { sampleDigest } from '#test/support/emails.ts';

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

  it("links the account's name, escaped, to its page in every table, and puts the address under its lines in the text", () => {
    // Prepare
    const page = 'https://pulse.example/m/AQ-token_1';

    // Act
    const email = renderDigest(digest, recipient, SENDER, { [hostile.id]: page });

    // Assess: attention, renewals, meetings and overdue commitments each name the account once.
    const anchors = [...email.html.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)</g)].filter((m) => m[1] === page);
    expect(anchors.map((m) => m[2])).toEqual(Array(4).fill('Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;'));
    expect(email.text.split('\n').filter((line) => line === `  Open the account: ${page}`)).toHaveLength(4);
  });

  it('names accounts without links when none are given', () => {
    // Act
    const email = renderDigest(digest, recipient, SENDER);

    // Assess
    expect(email.html).not.toContain('/m/');
    expect(email.text).not.toContain('Open the account');
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

describe('renderDigest for a large company', () => {
  const recipient = { name: 'Jordan Blake', email: 'jordan@sparkle.example' };

  it('lists at most 10 rows per list and says how many more, so 500 accounts stay under Gmail’s 102 KB clipping', () => {
    // Prepare
    const email = sampleDigest(500);

    // Act
    const bytes = Buffer.byteLength(email.html);

    // Assess
    expect(bytes).toBeLessThan(102 * 1024);
    // 100 accounts need attention, 376 renew within 90 days, 500 meet next week.
    const lines = ['And 90 more accounts need attention, not listed here.', 'And 366 more renewals, not listed here.', 'And 490 more meetings, not listed here.'];
    for (const part of [email.html, email.text]) {
      expect(lines.filter((line) => !part.includes(line))).toEqual([]);
      expect(part.includes('Account 500 Corporate Center')).toBe(false);
    }
    expect(email.text.match(/^- Account \d+ Corporate Center: renewal/gm)).toHaveLength(10);
  });

  it.each([
    { count: 10, more: false },
    { count: 11, more: true },
  ])('says "and N more" only when a list is longer than 10 ($count meetings)', ({ count, more }) => {
    // Prepare
    const accounts = Array.from({ length: count }, (_, i) => account({ name: `Site ${i + 1}`, cadence: { every: 'month', week: 2, weekday: 'TUE', time: '10:00', durationMinutes: 60 } }));

    // Act
    const email = renderDigest(digestOf({ accounts }), recipient, SENDER);

    // Assess
    expect(email.text.includes('And 1 more meeting, not listed here.')).toBe(more);
  });

  it('shows the days to renewal once, as counted today, not as a stored reason counted days ago', () => {
    // Prepare: the risk was assessed five days ago, when the renewal was seven days away.
    const late = account({ name: 'Harbor Point', renewalDate: dateIn(2) }, { risk: { level: 'critical', reasons: ['Comments mention "cancel"', 'Renewal in 7 days (2027-01-06)'], codes: ['warning-words', 'renewal-near'] } });

    // Act
    const email = renderDigest(digestOf({ accounts: [late] }), recipient, SENDER);

    // Assess
    for (const part of [email.html, email.text]) {
      expect(part).toContain('in 2 days');
      expect(part).not.toContain('in 7 days');
    }
    expect(email.text).toContain('Harbor Point: critical, renewal Jan 6, 2027 (in 2 days). Comments mention "cancel".');
  });

  it('colours the score chart by band: red for 0–40, green for 81–100', () => {
    // Prepare
    const site = account({ name: 'Bands' });
    const digest = digestOf({ accounts: [site], scores: [score(site.id, 2, 10, ago(2)), score(site.id, 10, 10, ago(3))] });

    // Act
    const email = renderDigest(digest, recipient, SENDER);

    // Assess
    expect(email.html).toMatch(/0–40<\/td>.*?bgcolor="#c53030"/s);
    expect(email.html).toMatch(/81–100<\/td>.*?bgcolor="#38a169"/s);
  });

  it('asks replies to go to the replyTo setting, and sets no Reply-To without it', () => {
    // Act
    const withSetting = renderDigest(digestOf({}), recipient, { ...SENDER, replyTo: 'ops@sparkle.example' });
    const without = renderDigest(digestOf({}), recipient, SENDER);

    // Assess
    expect(withSetting.replyTo).toEqual({ name: 'Sparkle Facility Services', address: 'ops@sparkle.example' });
    expect(without.replyTo).toBeUndefined();
  });
});
