// The functions' settings, parsed once at cold start: a missing or bad variable fails the
// function's start with a message that names it, not its first AWS call.
//
// functions/handlers/: one file per Lambda, thin: validate the event (zod), call the use case,
// render, map errors (http.ts). A new route: functions/contract/routes.ts, then the route table of
// admin-api.ts or public-pages.ts. A new variable: functions/contract/environment.ts, then here.
import * as z from 'zod';
import type { EnvironmentName } from '#contract/environment.ts';
import { problemsOf, describeProblem } from '#domain/errors.ts';
import { Timezone } from '#contract/timezone.ts';
import { Email, Person } from '#domain/model.ts';
import { riskRulesFrom, type RiskRules } from '#domain/risk.ts';

const positiveNumber = (fallback: number) => z.coerce.number().positive().default(fallback);
const jsonOf = <S extends z.ZodType>(schema: S) =>
  z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  }).pipe(schema);

// Every variable of the contract (functions/contract/environment.ts), and no other.
export const ConfigSchema = z.object({
  TABLE_NAME: z.string().min(3),
  SENDER_EMAIL: Email,
  COMPANY_NAME: z.string().min(1),
  POSTAL_ADDRESS: z.string().min(1),
  /** Where replies to the weekly digest go (the `replyTo` deploy setting). */
  REPLY_TO: Email.optional(),
  PUBLIC_URL: z.url().transform((url) => url.replace(/\/+$/, '')),
  DEPLOYMENT_TIMEZONE: Timezone.default('America/New_York'),
  SES_CONFIGURATION_SET: z.string().optional(),
  SCHEDULE_GROUP: z.string().min(1),
  SCHEDULER_ROLE_ARN: z.string().startsWith('arn:'),
  SCHEDULER_DLQ_ARN: z.string().startsWith('arn:').optional(),
  OCCURRENCE_FUNCTION_ARN: z.string().startsWith('arn:'),
  FOLLOWUP_FUNCTION_ARN: z.string().startsWith('arn:'),
  AGENDA_DAYS_BEFORE: positiveNumber(3),
  SURVEY_DELAY_HOURS: positiveNumber(2),
  REMINDER_BUSINESS_DAYS: positiveNumber(3),
  TOKEN_TTL_DAYS: positiveNumber(30),
  TOKEN_SECRET_ID: z.string().min(1),
  SERVICE_CATALOG: jsonOf(z.array(z.string())).default([]),
  /** Overrides of the default risk rules, as JSON: `{"lowScore": 50}`. */
  RISK_RULES: jsonOf(z.unknown())
    .transform((overrides, ctx): RiskRules => {
      try {
        return riskRulesFrom(overrides);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  DEFAULT_TEAM: jsonOf(
    z.object({ supervisor: Person.optional(), operationsManager: Person.optional(), executive: Person.optional() }),
  ).default({}),
} satisfies Record<EnvironmentName, z.ZodType>);
export type Config = z.infer<typeof ConfigSchema>;

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = problemsOf(result.error, env).map(describeProblem).join('; ');
    throw new Error(`Partner Pulse configuration is invalid: ${problems}`);
  }
  return result.data;
}

let cached: Config | undefined;

/** The configuration of this process, parsed on first use (at module load of each handler). */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
