// The risk-rule overrides a deployment may set (`-c riskRules='{"lowScore":50}'`, RISK_RULES at run
// time): one schema, checked at synth (lib/config.ts) and again when a function starts
// (functions/domain/risk-rules.ts applies the overrides to its defaults). A new rule is added here and
// to domain/risk-rules.ts's RiskRules and defaults.
import * as z from './zod.ts';

// Messages without the rule's name: InvalidInput puts it in front ("dropWatch: must be …").
const points = () =>
  z
    .number({ error: 'must be a number of points from 0 to 100' })
    .check(
      z.minimum(0, { error: 'must be a number of points from 0 to 100' }),
      z.maximum(100, { error: 'must be a number of points from 0 to 100' }),
    );
const count = (what: string, least = 1) =>
  z
    .int({ error: `must be a whole number of ${what}, at least ${least}` })
    .check(
      z.minimum(least, { error: `must be a whole number of ${what}, at least ${least}` }),
      z.maximum(1000, { error: `must be at most 1000 ${what}` }),
    );
const days = () =>
  z
    .int({ error: 'must be a whole number of days, 0 or more' })
    .check(
      z.minimum(0, { error: 'must be a whole number of days, 0 or more' }),
      z.maximum(1000, { error: 'must be at most 1000 days' }),
    );

export const RiskRulesOverrides = z
  .partial(
    z.strictObject({
      dropWatch: points(),
      dropAtRisk: points(),
      lowScore: points(),
      decliningCycles: count('cycles'),
      silentCycles: count('meetings', 2),
      silentAtRiskCycles: count('meetings', 2),
      answeredCyclesForSilence: z
        .int({ error: 'must be a whole number of meetings, 0 or more' })
        .check(
          z.minimum(0, { error: 'must be a whole number of meetings, 0 or more' }),
          z.maximum(1000, { error: 'must be at most 1000 meetings' }),
        ),
      surveyWindowDays: count('days'),
      criticalRenewalDays: count('days'),
      overdueCommitmentDays: count('days'),
      warningWords: z
        .array(
          z
            .string({ error: 'must be a list of words or phrases' })
            .check(
              z.trim(),
              z.toLowerCase(),
              z.minLength(1, { error: 'must not contain an empty word' }),
              z.maxLength(80, { error: 'must be at most 80 characters each' }),
            ),
          { error: 'must be a list of words or phrases' },
        )
        .check(z.maxLength(200, { error: 'must list at most 200 words' })),
      materialMonthlyValue: z
        .number({ error: 'must be a monthly contract value, 0 or more' })
        .check(z.minimum(0, { error: 'must be a monthly contract value, 0 or more' })),
      executiveRenewalDays: days(),
      urgentRenewalDays: days(),
    }),
  )
  // Checked here only when both are given: against a default, domain/risk-rules.ts checks it when applying.
  .check(
    z.refine(
      (rules) => rules.dropAtRisk === undefined || rules.dropWatch === undefined || rules.dropAtRisk >= rules.dropWatch,
      {
        path: ['dropAtRisk'],
        error: (issue) => `must not be below dropWatch (${(issue.input as { dropWatch?: number }).dropWatch})`,
      },
    ),
  );

export type RiskRulesOverrides = z.output<typeof RiskRulesOverrides>;
