import { describe, expect, it } from 'vitest';
import {
  becomesCommitment,
  classifyComment,
  defaultCommitmentWording,
  openCommitmentFor,
  sameRequest,
  type CommentKind,
} from '#domain/comments.ts';

describe('classifyComment', () => {
  it.each([
    // The ones the issue names.
    { comment: 'Great job, thanks!', kind: 'praise' },
    { comment: 'Thanks, but the lobby was dirty twice', kind: 'complaint' },
    { comment: 'Please check the 3rd floor restrooms every afternoon', kind: 'request' },
    { comment: 'we have started collecting bids from other cleaning companies', kind: 'warning' },
    { comment: 'No complaints', kind: 'praise' },
    // Signs of leaving, checked before anything else.
    { comment: 'Exam rooms were missed again. Honestly, we have started collecting bids from other cleaning companies.', kind: 'warning' },
    { comment: 'We are going out to tender for all facility services in the spring', kind: 'warning' },
    { comment: 'Our board has asked us to issue an RFP next quarter', kind: 'warning' },
    { comment: 'We will not renew unless things improve', kind: 'warning' },
    { comment: 'Management wants to terminate the contract', kind: 'warning' },
    { comment: "We're looking at other providers", kind: 'warning' },
    { comment: 'Honestly thinking of cancelling', kind: 'warning' },
    { comment: 'Got a quote from another company that is 20% cheaper', kind: 'warning' },
    { comment: 'Great crew, but head office tells us to shop around this year', kind: 'warning' },
    { comment: 'Our lease ends in June and we may move', kind: 'warning' },
    { comment: 'Budget cuts mean we need to cut back on cleaning', kind: 'warning' },
    // Reassurance is not a warning.
    { comment: 'We have no plans to switch providers, just fix the elevator smudges', kind: 'complaint' },
    { comment: 'We are not looking elsewhere, the team is great', kind: 'praise' },
    // Something went wrong.
    { comment: 'The trash in suite 210 was not emptied on Tuesday', kind: 'complaint' },
    { comment: 'Restrooms smell bad by noon', kind: 'complaint' },
    { comment: 'Crew showed up late again on Friday', kind: 'complaint' },
    { comment: 'The kitchen floor is still sticky', kind: 'complaint' },
    { comment: "Paper towels ran out twice in the men's room", kind: 'complaint' },
    { comment: 'Not happy with the floors', kind: 'complaint' },
    { comment: 'Not good.', kind: 'complaint' },
    { comment: 'The conference room was left a mess after the weekend', kind: 'complaint' },
    { comment: 'Nobody came on Monday night', kind: 'complaint' },
    { comment: 'Why were the windows not done?', kind: 'complaint' },
    { comment: 'The soap dispensers are empty again', kind: 'complaint' },
    { comment: 'Same issue with the loading dock as last month', kind: 'complaint' },
    { comment: 'Happy overall, though the carpets could be better', kind: 'complaint' },
    { comment: 'Some dust on the window sills', kind: 'complaint' },
    { comment: 'Bathrooms were disgusting on Monday', kind: 'complaint' },
    // Asking for something.
    { comment: 'Could you add window cleaning in the lobby once a month?', kind: 'request' },
    { comment: 'We need more paper towels in the 2nd floor kitchen', kind: 'request' },
    { comment: 'Would like the carpets shampooed before the holidays', kind: 'request' },
    { comment: 'Happy with the service, but please dust the blinds in the boardroom', kind: 'request' },
    { comment: 'Can we move the night cleaning to after 7pm? We work late on Thursdays.', kind: 'request' },
    { comment: 'Please empty the recycling bins in suite 4 daily', kind: 'request' },
    { comment: "Please don't move the papers on my desk", kind: 'request' },
    { comment: 'Mop the lobby every night during the rainy season.', kind: 'request' },
    { comment: 'Window cleaning on level 3', kind: 'request' },
    // Thanks and satisfaction.
    { comment: 'Great job again this month!', kind: 'praise' },
    { comment: 'Nothing to complain about, the team is great', kind: 'praise' },
    { comment: 'No issues this month', kind: 'praise' },
    { comment: 'Love the new day porter, she is wonderful', kind: 'praise' },
    { comment: 'Very pleased with the crew', kind: 'praise' },
    { comment: 'Spotless as always', kind: 'praise' },
    { comment: 'Keep up the good work!', kind: 'praise' },
    { comment: 'Thank you for handling the flood cleanup so quickly', kind: 'praise' },
    { comment: "Can't complain, the crew is doing well", kind: 'praise' },
    { comment: 'Your crew never misses a spot', kind: 'praise' },
    { comment: 'The new supervisor is very responsive, thanks Luis', kind: 'praise' },
    { comment: 'Fine', kind: 'praise' },
    { comment: 'Satisfactory', kind: 'praise' },
    { comment: 'I issued badges to your two new cleaners, thanks', kind: 'praise' },
    { comment: 'n/a', kind: 'praise' },
  ] satisfies { comment: string; kind: CommentKind }[])('“$comment” is $kind', ({ comment, kind }) => {
    // Act
    const reading = classifyComment(comment);

    // Assess
    expect(reading.kind).toBe(kind);
  });

  it('says which words decided, for the manager who asks why', () => {
    // Act
    const reading = classifyComment('Thanks, but the lobby was dirty twice');

    // Assess
    expect(reading).toEqual({ kind: 'complaint', rule: 'complaint', cues: ['dirty'] });
  });

  it('hears the deployment’s own signs of leaving', () => {
    // Act
    const reading = classifyComment('We will rebid the contract', { warningWords: ['rebid'] });

    // Assess
    expect(reading).toEqual({ kind: 'warning', rule: 'warning', cues: ['rebid'] });
  });
});

describe('becomesCommitment', () => {
  it.each([
    { kind: 'request' as const, commitment: true },
    { kind: 'complaint' as const, commitment: true },
    { kind: 'praise' as const, commitment: false },
    { kind: 'warning' as const, commitment: false },
  ])('a $kind becomes a commitment: $commitment', ({ kind, commitment }) => {
    // Act
    const result = becomesCommitment(kind);

    // Assess
    expect(result).toBe(commitment);
  });
});

describe('sameRequest', () => {
  it.each([
    { a: 'Please check the 3rd floor restrooms every afternoon', b: 'Can you check the third floor bathrooms in the afternoons?', same: true },
    { a: 'We need more paper towels in the 2nd floor kitchen', b: 'More paper towels in the kitchen on 2, please', same: true },
    { a: 'Could you add window cleaning in the lobby once a month?', b: 'Lobby windows monthly please', same: true },
    { a: "Please restock the soap in the ladies' room", b: "Soap keeps running out in the women's restroom, please restock", same: true },
    { a: 'Vacuum the carpets in suite 210', b: 'The carpets in suite 210 need vacuuming again', same: true },
    { a: 'Please check the 3rd floor restrooms every afternoon', b: 'Please check the 2nd floor kitchen every afternoon', same: false },
    { a: 'Vacuum the carpets in suite 210', b: 'Vacuum the carpets in suite 305', same: false },
    { a: 'Mop the lobby floor nightly', b: 'Please clean the lobby windows', same: false },
    { a: 'More paper towels in the kitchen', b: 'More coffee filters in the kitchen', same: false },
    { a: 'Please dust the blinds in the boardroom', b: 'Please empty the recycling bins in suite 4 daily', same: false },
  ])('“$a” and “$b”: same is $same', ({ a, b, same }) => {
    // Act
    const result = sameRequest(a, b);

    // Assess
    expect(result).toBe(same);
    expect(sameRequest(b, a)).toBe(same);
  });

  it('joins a repeated request to the open commitment, not to a done one or another request', () => {
    // Prepare
    const commitments = [
      { id: 'done', request: 'Please check the 3rd floor restrooms every afternoon', status: 'done' as const },
      { id: 'other', request: 'More coffee filters in the kitchen', status: 'open' as const },
      { id: 'open', request: 'Check the third floor bathrooms each afternoon', status: 'open' as const },
    ];

    // Act
    const joined = openCommitmentFor('Can you check the 3rd floor restrooms in the afternoons?', commitments);
    const none = openCommitmentFor('Please wash the lobby windows', commitments);

    // Assess
    expect(joined?.id).toBe('open');
    expect(none).toBeUndefined();
  });
});

describe('defaultCommitmentWording', () => {
  const askedAt = new Date('2027-03-12T15:00:00Z');

  it.each([
    { comment: 'Please check the 3rd floor restrooms every afternoon', kind: 'request' as const, summary: 'Your request of 12 March about the 3rd floor restrooms' },
    { comment: 'Could you add window cleaning in the lobby once a month?', kind: 'request' as const, summary: 'Your request of 12 March about the lobby' },
    { comment: 'Thanks, but the lobby was dirty twice', kind: 'complaint' as const, summary: 'Your comment of 12 March about the lobby' },
    { comment: 'Would like the carpets shampooed before the holidays', kind: 'request' as const, summary: 'Your request of 12 March about the carpets' },
    { comment: 'Please restock our kitchen, it ran out', kind: 'complaint' as const, summary: 'Your comment of 12 March about the kitchen' },
    { comment: 'More paper towels please', kind: 'request' as const, summary: 'Your request of 12 March' },
  ])('words “$comment” as “$summary”', ({ comment, kind, summary }) => {
    // Act
    const wording = defaultCommitmentWording({ comment, kind, askedAt, timezone: 'America/Chicago' });

    // Assess
    expect(wording).toEqual({ summary });
  });

  it('dates the request on the account’s own calendar', () => {
    // Act
    const wording = defaultCommitmentWording({ comment: 'Please mop the lobby', kind: 'request', askedAt: new Date('2027-03-13T03:00:00Z'), timezone: 'America/Chicago' });

    // Assess
    expect(wording?.summary).toBe('Your request of 12 March about the lobby');
  });

  it.each([
    { name: 'a warning', comment: 'We asked the other company for a quote', kind: 'warning' as const },
    { name: 'praise', comment: 'Great job on the lobby', kind: 'praise' as const },
  ])('gives no commitment wording for $name', ({ comment, kind }) => {
    // Act
    const wording = defaultCommitmentWording({ comment, kind, askedAt, timezone: 'UTC' });

    // Assess
    expect(wording).toBeUndefined();
  });

  it('never names a sign of leaving, even in a request', () => {
    // Act
    const wording = defaultCommitmentWording({ comment: 'Please send the other vendor contact sheet', kind: 'request', askedAt, timezone: 'UTC' });

    // Assess
    expect(wording).toEqual({ summary: 'Your request of 12 March' });
  });
});
