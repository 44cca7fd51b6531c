// The risk-rule overrides a deployment may set (`-c riskRules='{"lowScore":50}'`, RISK_RULES at run
// time): one schema, checked at synth (lib/config.ts) and again when a function starts
// (functions/domain/risk.ts applies the overrides to its defaults). A new rule is added here and to
// domain/risk.ts's RiskRules and defaults.
import * as z from 'zod';

// Messages without the rule's name: InvalidInput and the synth report put it in front ("dropWatch: must be …").
const points = () =>
  z
    .number({ error: 'must be a number of points from 0 to 100' })
    .min(0, { error: 'must be a number of points from 0 to 100' })
    .max(100, { error: 'must be a number of points from 0 to 100' });
const count = (what: string) =>
  z
    .int({ error: `must be a whole number of ${what}, at least 1` })
    .min(1, { error: `must be a whole number of ${what}, at least 1` })
    .max(1000, { error: `must be at most 1000 ${what}` });

export const RiskRulesOverrides = z
  .strictObject({
    dropWatch: points(),
    dropAtRisk: points(),
    lowScore: points(),
    decliningCycles: count('cycles'),
    silentCycles: count('meetings'),
    surveyWindowDays: count('days'),
    criticalRenewalDays: count('days'),
    overdueCommitmentDays: count('days'),
    warningWords: z
      .array(
        z
          .string({ error: 'must be a list of words or phrases' })
          .trim()
          .toLowerCase()
          .min(1, { error: 'must not contain an empty word' })
          .max(80, { error: 'must be at most 80 characters each' }),
        { error: 'must be a list of words or phrases' },
      )
      .max(200, { error: 'must list at most 200 words' }),
  })
  .partial()
  // Checked here only when both are given: against a default, domain/risk.ts checks it when applying.
  .refine((rules) => rules.dropAtRisk === undefined || rules.dropWatch === undefined || rules.dropAtRisk >= rules.dropWatch, {
    path: ['dropAtRisk'],
    error: (issue) => `must not be below dropWatch (${(issue.input as { dropWatch?: number }).dropWatch})`,
  });

export type RiskRulesOverrides = z.output<typeof RiskRulesOverrides>;
