// The functions' settings, parsed once at cold start: a missing or bad variable fails the
// function's start with a message that names it, not its first AWS call.
//
// functions/handlers/: one file per Lambda, thin: validate the event (zod), call the use case,
// render, map errors (http.ts). A new route: functions/contract/routes.ts, then the route table of
// admin-api.ts or public-pages.ts. A new variable: functions/contract/environment.ts, then here.
import * as z from '#contract/zod.ts';
import type { EnvironmentName } from '#contract/environment.ts';
import { problemsOf, describeProblem } from '#domain/errors.ts';
import { Timezone } from '#contract/timezone.ts';
import { Email, Person } from '#domain/model.ts';
import { riskRulesFrom, type RiskRules } from '#domain/risk.ts';

const positiveNumber = (fallback: number) => z._default(z.coerce.number().check(z.positive()), fallback);
const jsonOf = <S extends z.core.$ZodType>(schema: S) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((text, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.issues.push({ code: 'custom', message: 'must be JSON', input: text });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );
const arn = () => z.string().check(z.startsWith('arn:'));

// Every variable of the contract (functions/contract/environment.ts), and no other.
export const ConfigSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(3)),
  SENDER_EMAIL: Email,
  COMPANY_NAME: z.string().check(z.minLength(1)),
  POSTAL_ADDRESS: z.string().check(z.minLength(1)),
  /** Where replies to the weekly digest go (the `replyTo` deploy setting). */
  REPLY_TO: z.optional(Email),
  PUBLIC_URL: z.pipe(
    z.url(),
    z.transform((url) => url.replace(/\/+$/, '')),
  ),
  DEPLOYMENT_TIMEZONE: z._default(Timezone, 'America/New_York'),
  SES_CONFIGURATION_SET: z.optional(z.string()),
  SCHEDULE_GROUP: z.string().check(z.minLength(1)),
  SCHEDULER_ROLE_ARN: arn(),
  SCHEDULER_DLQ_ARN: z.optional(arn()),
  OCCURRENCE_FUNCTION_ARN: arn(),
  FOLLOWUP_FUNCTION_ARN: arn(),
  AGENDA_DAYS_BEFORE: positiveNumber(3),
  SURVEY_DELAY_HOURS: positiveNumber(2),
  REMINDER_BUSINESS_DAYS: positiveNumber(3),
  TOKEN_TTL_DAYS: positiveNumber(30),
  MANAGER_LINK_DAYS: positiveNumber(14),
  TOKEN_SECRET_ID: z.string().check(z.minLength(1)),
  SERVICE_CATALOG: z._default(jsonOf(z.array(z.string())), []),
  /** Overrides of the default risk rules, as JSON: `{"lowScore": 50}`. */
  RISK_RULES: z.optional(
    z.pipe(
      jsonOf(z.unknown()),
      z.transform((overrides, ctx): RiskRules => {
        try {
          return riskRulesFrom(overrides);
        } catch (error) {
          ctx.issues.push({ code: 'custom', message: (error as Error).message, input: overrides });
          return z.NEVER;
        }
      }),
    ),
  ),
  DEFAULT_TEAM: z._default(
    jsonOf(z.object({ supervisor: z.optional(Person), operationsManager: z.optional(Person), executive: z.optional(Person) })),
    {},
  ),
} satisfies Record<EnvironmentName, z.core.$ZodType>);
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
