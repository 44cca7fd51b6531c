// The scenario book: named account histories, drawn from the practice, each with what a manager
// should expect of the risk engine. Data only: a new scenario is a few lines. `npm run scenarios`
// runs them all through the local cloud (bench/scenarios.ts); `npm test` runs a few of them
// (test/e2e/scenarios.test.ts).

/** What one contact does with one cycle's survey. */
export type Answer =
  | { score: number; comment?: string }
  /** Lets the survey and its reminder go unanswered. */
  | 'silent'
  /** A mail scanner: opens one score link of the email, and its script posts a provisional click. */
  | 'scanner';

export interface Scenario {
  name: string;
  /** What happens, in a sentence a manager would recognise. */
  story: string;
  scale: 5 | 10;
  /** Days from the start of the run to the contract's renewal. */
  renewalInDays: number;
  monthlyValue: number;
  /** The contacts; the first is the decision-maker. */
  contacts: number;
  /** answers[cycle][contact]: what each contact does with each monthly survey. The story ends with the last listed cycle: the account's meetings are paused then. */
  answers: Answer[][];
  /** Things that happen to the account, by cycle (after that cycle's meeting). */
  events?: { cycle: number; bounceDecisionMaker?: true; addDecisionMaker?: true; complaint?: string }[];
  expect: {
    alert: boolean;
    /** Whether the executive may be emailed at all. */
    executive: boolean;
  };
}

const same = <T>(cycles: number, value: T): T[] => Array.from({ length: cycles }, () => value);

export const SCENARIOS: Scenario[] = [
  {
    name: 'sliding',
    story: 'Scores drop over four meetings; renewal in 5 months.',
    scale: 5,
    // 170 days: "5 months" rounded down; at 150 the fourth meeting falls inside the last 60 days,
    // where an account at risk is critical and the executive's business.
    renewalInDays: 170,
    monthlyValue: 3800,
    contacts: 2,
    answers: [
      [{ score: 4 }, { score: 4 }],
      [{ score: 3, comment: 'Restrooms were missed twice this month.' }, { score: 4 }],
      [{ score: 3 }, { score: 3, comment: 'Trash in the lobby was not emptied on Friday.' }],
      [{ score: 2, comment: 'Same problems again, nobody seems to check.' }, { score: 2 }],
    ],
    expect: { alert: true, executive: false },
  },
  {
    name: 'silent',
    story: 'A customer who used to answer stops answering for two cycles.',
    scale: 10,
    renewalInDays: 200,
    monthlyValue: 2200,
    contacts: 2,
    answers: [[{ score: 8 }, { score: 8 }], [{ score: 8 }, { score: 7 }], ...same(3, ['silent', 'silent'] as Answer[])],
    expect: { alert: true, executive: false },
  },
  {
    name: 'champion leaves',
    story: 'The decision-maker’s address bounces; a new decision-maker is added a month later.',
    scale: 10,
    renewalInDays: 240,
    monthlyValue: 5200,
    contacts: 2,
    answers: [
      [{ score: 9 }, { score: 9 }],
      ['silent', { score: 8 }],
      ['silent', { score: 9 }],
      // The third contact is the new decision-maker.
      ['silent', { score: 9 }, { score: 9 }],
    ],
    events: [
      { cycle: 1, bounceDecisionMaker: true },
      { cycle: 2, addDecisionMaker: true },
    ],
    expect: { alert: true, executive: false },
  },
  {
    name: 'bids near renewal',
    story: 'A complaint that mentions collecting bids, 60 days before renewal.',
    scale: 5,
    // The complaint comes with the second meeting's answers on 12 January, about 60 days before the renewal on 14 March.
    renewalInDays: 111,
    monthlyValue: 6100,
    contacts: 2,
    answers: [
      [{ score: 4 }, { score: 4 }],
      [{ score: 3, comment: 'We have started collecting bids from other cleaning companies.' }, { score: 3 }],
      [{ score: 3 }, { score: 3 }],
    ],
    expect: { alert: true, executive: true },
  },
  {
    name: 'happy, one missed survey',
    story: 'High scores every month; one contact misses one survey.',
    scale: 10,
    renewalInDays: 300,
    monthlyValue: 2900,
    contacts: 2,
    answers: [[{ score: 9 }, { score: 9 }], [{ score: 9 }, 'silent'], [{ score: 10, comment: 'Great job, thanks!' }, { score: 9 }], [{ score: 9 }, { score: 9 }]],
    expect: { alert: false, executive: false },
  },
  {
    name: 'brand new',
    story: 'A new account whose first survey goes unanswered.',
    scale: 10,
    renewalInDays: 365,
    monthlyValue: 1800,
    contacts: 2,
    answers: [['silent', 'silent'], [{ score: 8 }, { score: 8 }], [{ score: 8 }, { score: 9 }]],
    expect: { alert: false, executive: false },
  },
  {
    name: 'loyal but blunt',
    story: 'Steady, lowish scores with frank comments; never churns.',
    scale: 10,
    renewalInDays: 280,
    monthlyValue: 2400,
    contacts: 2,
    answers: same(4, [{ score: 6, comment: 'Fine. Could dust the vents more often.' }, { score: 6 }] as Answer[]),
    expect: { alert: false, executive: false },
  },
  {
    name: 'one bad month',
    story: 'A single bad month, then back to normal.',
    scale: 10,
    renewalInDays: 260,
    monthlyValue: 3100,
    contacts: 2,
    answers: [
      [{ score: 9 }, { score: 9 }],
      [{ score: 4, comment: 'The floors were not done after the holiday.' }, { score: 5 }],
      [{ score: 9 }, { score: 9 }],
      [{ score: 9 }, { score: 9 }],
    ],
    expect: { alert: true, executive: false },
  },
  {
    name: 'mail scanner',
    story: 'A mail scanner opens one link of every survey; the people never answer.',
    scale: 10,
    renewalInDays: 320,
    monthlyValue: 2600,
    contacts: 1,
    answers: same(3, ['scanner'] as Answer[]),
    expect: { alert: false, executive: false },
  },
];

/** The few that `npm test` runs: one that must alert, and the healthy ones that must not. */
export const QUICK_BOOK = ['sliding', 'happy, one missed survey', 'mail scanner'];
