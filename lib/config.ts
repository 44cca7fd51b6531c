// Deploy settings: read from CDK context (`-c key=value` or cdk.json "context") and validated at
// synth, so a bad setting stops `cdk synth` with a message naming the field instead of a broken deploy.
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { z } from 'zod';
import type { FunctionEnvironment } from '#contract/environment.ts';
import { MAX_STACK_NAME_LENGTH } from '#contract/functions.ts';
import { RiskRulesOverrides } from '#contract/risk-rules.ts';
import { Timezone } from '#contract/timezone.ts';

/** Shown until the operator sets a real address; commercial email must carry a physical postal address (CAN-SPAM). */
export const POSTAL_ADDRESS_PLACEHOLDER =
  'CHANGE ME: set -c postalAddress="Street, City, State ZIP" (every email must show a real postal address)';

export const DEFAULT_SERVICE_CATALOG: readonly string[] = [
  'Nightly janitorial',
  'Day porter',
  'Restroom supplies',
  'Consumables supply',
  'Floor care (strip and wax)',
  'Carpet cleaning',
  'Window cleaning',
  'Power washing',
  'Disinfection',
  'Post-construction cleaning',
];

/**
 * Requests one client IP may make to the public pages in 5 minutes before AWS WAF answers 429:
 * a person answering a survey or working on an account page makes a few dozen; a flood of forged
 * tokens from one address is cut off within a minute or so. local/http-api.ts applies the same limit.
 */
export const DEFAULT_PUBLIC_RATE_LIMIT = 300;
/** AWS WAF's bounds for a rate-based rule's limit. */
export const PUBLIC_RATE_LIMIT_MIN = 10;
export const PUBLIC_RATE_LIMIT_MAX = 2_000_000_000;

const RETENTION_DAYS = new Set(Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'));

/** A person the deployment falls back on when an account's team leaves the role empty. */
export interface Person {
  readonly name: string;
  readonly email: string;
}

const NAME_ADDR = /^\s*(?<name>[^<>]+?)\s*<(?<email>[^<>\s]+)>\s*$/;

const email = (flag: string) =>
  z.email({
    error: (issue) =>
      issue.input === undefined
        ? `required. Pass it with ${flag}`
        : `must be an email address, got ${JSON.stringify(issue.input)}. Pass it with ${flag}`,
  });

const person = (field: string) =>
  z.preprocess(
    (value) => {
      if (typeof value !== 'string') return value;
      const trimmed = value.trim();
      if (trimmed.startsWith('{')) return parseJson(trimmed);
      const match = NAME_ADDR.exec(trimmed);
      return match?.groups ? { name: match.groups.name, email: match.groups.email } : value;
    },
    z
      .object(
        {
          name: z.string().trim().min(1, 'must not be empty'),
          email: email(`-c ${field}="Name <name@your-company.example>"`),
        },
        { error: `must be "Name <name@your-company.example>" or {"name": ..., "email": ...}` },
      )
      .strict(),
  );

const count = (min: number, max: number, fallback: number) =>
  z
    .preprocess(
      (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
      z.number({ error: `must be a whole number from ${min} to ${max}` }).int().min(min).max(max),
    )
    .default(fallback);

const schema = z
  .object({
    senderEmail: email('-c senderEmail=surveys@your-company.example (an SES-verified address)'),
    companyName: z
      .string({ error: 'required. Pass it with -c companyName="Your Company"' })
      .trim()
      .min(1, 'required. Pass it with -c companyName="Your Company"')
      .max(100),
    postalAddress: z.string().trim().min(1).max(300).default(POSTAL_ADDRESS_PLACEHOLDER),
    stackName: z
      .string()
      .regex(
        // Functions are named `<stackName>-<function>`, which Lambda limits to 64 characters.
        new RegExp(`^[A-Za-z][A-Za-z0-9-]{0,${MAX_STACK_NAME_LENGTH - 1}}$`),
        `must start with a letter and hold up to ${MAX_STACK_NAME_LENGTH} letters, digits and hyphens (it also names the schedule group and the scheduled functions)`,
      )
      .default('PartnerPulse'),
    logRetentionDays: z
      .preprocess(
        (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
        z.number().refine((days) => RETENTION_DAYS.has(days), {
          error: `must be one of CloudWatch's retention periods: ${[...RETENTION_DAYS].join(', ')}`,
        }),
      )
      .default(30),
    // The same rule as the functions' at cold start and the accounts': a zone Scheduler and Intl both read.
    deploymentTimezone: z._default(Timezone, 'America/New_York'),
    agendaDaysBefore: count(1, 14, 3),
    surveyDelayHours: count(1, 48, 2),
    reminderBusinessDays: count(1, 10, 3),
    tokenTtlDays: count(1, 365, 30),
    // A manager's link opens an account page that can change things: shorter-lived than a survey link.
    managerLinkDays: count(1, 90, 14),
    alarmEmail: email('-c alarmEmail=ops@your-company.example').optional(),
    // Requests one client IP may make to the public pages in 5 minutes (AWS WAF on CloudFront), or
    // `off` for no edge at all: the pages are then served straight from the HTTP API.
    publicRateLimit: z
      .preprocess(
        (value) => {
          if (value === false || (typeof value === 'string' && /^\s*(off|false)\s*$/i.test(value))) return false;
          return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
        },
        z.union([
          z.literal(false),
          z
            .number({ error: `must be a whole number of requests per IP in 5 minutes (${PUBLIC_RATE_LIMIT_MIN}-${PUBLIC_RATE_LIMIT_MAX}) or "off"` })
            .int()
            .min(PUBLIC_RATE_LIMIT_MIN, `must be at least ${PUBLIC_RATE_LIMIT_MIN} (AWS WAF's smallest rate limit), or "off"`)
            .max(PUBLIC_RATE_LIMIT_MAX),
        ], { error: `must be a whole number of requests per IP in 5 minutes or "off"` }),
      )
      .default(DEFAULT_PUBLIC_RATE_LIMIT),
    /** Where replies to the weekly digest go; without it the digest has no Reply-To. */
    replyTo: email('-c replyTo=ops@your-company.example').optional(),
    supervisor: person('supervisor').optional(),
    operationsManager: person('operationsManager').optional(),
    executive: person('executive').optional(),
    serviceCatalog: z
      .preprocess(
        (value) => {
          if (typeof value !== 'string') return value;
          const trimmed = value.trim();
          return trimmed.startsWith('[') ? parseJson(trimmed) : trimmed.split(',').map((s) => s.trim());
        },
        z.array(z.string().trim().min(1, 'must not contain empty names').max(100)).min(1).max(100),
      )
      .default([...DEFAULT_SERVICE_CATALOG]),
    // Overrides of the risk rules, e.g. -c riskRules='{"lowScore":50}', checked by name against the
    // schema the functions apply at cold start (functions/contract/risk-rules.ts).
    riskRules: z
      .preprocess(
        (value) => (typeof value === 'string' ? parseJson(value.trim()) : value),
        z
          .record(z.string(), z.unknown(), { error: 'must be a JSON object of rule overrides, e.g. {"lowScore":50}' })
          .pipe(RiskRulesOverrides),
      )
      .optional(),
  })
  .superRefine((config, ctx) => {
    // Reminder links must still work when the reminder arrives: business days plus weekends.
    const reminderCalendarDays = Math.ceil((config.reminderBusinessDays * 7) / 5) + Math.ceil(config.surveyDelayHours / 24);
    if (config.tokenTtlDays <= reminderCalendarDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['tokenTtlDays'],
        message: `must be more than ${reminderCalendarDays} days, or survey links expire before the reminder (reminderBusinessDays=${config.reminderBusinessDays}) is sent`,
      });
    }
  });

export type DeployConfig = z.output<typeof schema>;

/** The context keys this app reads; anything else in context (feature flags) is left alone. */
export const DEPLOY_SETTING_KEYS = Object.keys(schema.shape) as readonly (keyof DeployConfig)[];

/** A deploy setting is missing or wrong. The message names every bad field; a stack trace adds nothing. */
export class DeployConfigError extends Error {
  override readonly name = 'DeployConfigError';
  constructor(readonly issues: readonly string[]) {
    super(`Invalid deploy settings (CDK context):\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
  }
}

/** Validates raw settings (as context delivers them: strings from `-c`, JSON values from cdk.json). */
export function parseDeployConfig(raw: Readonly<Record<string, unknown>>): DeployConfig {
  const input: Record<string, unknown> = {};
  for (const key of DEPLOY_SETTING_KEYS) {
    const value = raw[key];
    // `-c alarmEmail=` means "not set", the same as leaving it out.
    input[key] = typeof value === 'string' && value.trim() === '' ? undefined : value;
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const at = (path: readonly PropertyKey[]) => path.map(String).join('.') || '(settings)';
    throw new DeployConfigError(
      result.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => `${at([...issue.path, key])}: is not a known name (check its spelling)`)
          : [`${at(issue.path)}: ${issue.message}`],
      ),
    );
  }
  return result.data;
}

/** Reads and validates the deploy settings from the construct tree's context. */
export function readDeployConfig(scope: IConstruct): DeployConfig {
  const raw: Record<string, unknown> = {};
  for (const key of DEPLOY_SETTING_KEYS) raw[key] = scope.node.tryGetContext(key);
  return parseDeployConfig(raw);
}

export function isPostalAddressPlaceholder(config: DeployConfig): boolean {
  return config.postalAddress === POSTAL_ADDRESS_PLACEHOLDER;
}

/**
 * The settings handlers need at run time, as Lambda environment variables (named by the contract,
 * functions/contract/environment.ts). Handlers parse them again at cold start.
 */
export function runtimeEnvironment(config: DeployConfig): Record<string, string> {
  const defaultTeam: Record<string, Person> = {};
  if (config.supervisor) defaultTeam.supervisor = config.supervisor;
  if (config.operationsManager) defaultTeam.operationsManager = config.operationsManager;
  if (config.executive) defaultTeam.executive = config.executive;
  return {
    SENDER_EMAIL: config.senderEmail,
    COMPANY_NAME: config.companyName,
    POSTAL_ADDRESS: config.postalAddress,
    DEPLOYMENT_TIMEZONE: config.deploymentTimezone,
    AGENDA_DAYS_BEFORE: String(config.agendaDaysBefore),
    SURVEY_DELAY_HOURS: String(config.surveyDelayHours),
    REMINDER_BUSINESS_DAYS: String(config.reminderBusinessDays),
    TOKEN_TTL_DAYS: String(config.tokenTtlDays),
    MANAGER_LINK_DAYS: String(config.managerLinkDays),
    DEFAULT_TEAM: JSON.stringify(defaultTeam),
    SERVICE_CATALOG: JSON.stringify(config.serviceCatalog),
    ...(config.riskRules ? { RISK_RULES: JSON.stringify(config.riskRules) } : {}),
    ...(config.replyTo ? { REPLY_TO: config.replyTo } : {}),
  } satisfies FunctionEnvironment;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
