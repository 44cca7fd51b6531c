// The environment variables the functions read, by name, with what each holds. The stack
// (lib/config.ts, lib/partner-pulse-stack.ts, lib/constructs/*) and the local cloud (local/functions.ts)
// write them; functions/handlers/config.ts parses every one of them and no other. A new variable is
// added here first: the compiler then asks the parser for it, and refuses a writer that misspells it.
export const ENVIRONMENT = {
  TABLE_NAME: 'the DynamoDB table',
  SENDER_EMAIL: 'the From address of every email (an SES-verified identity)',
  COMPANY_NAME: 'the cleaning company, as emails and pages name it',
  POSTAL_ADDRESS: 'the postal address every email shows (CAN-SPAM)',
  PUBLIC_URL: 'the base URL of the HTTP API, which links in emails point at',
  DEPLOYMENT_TIMEZONE: 'the time zone of the digest and of business days without an account',
  SES_CONFIGURATION_SET: 'the SES configuration set every email is sent with (optional)',
  SCHEDULE_GROUP: 'the EventBridge Scheduler group of the meeting schedules',
  SCHEDULER_ROLE_ARN: 'the role Scheduler invokes targets with',
  SCHEDULER_DLQ_ARN: "the dead-letter queue of Scheduler's failed deliveries (optional)",
  OCCURRENCE_FUNCTION_ARN: 'the function a meeting schedule invokes',
  FOLLOWUP_FUNCTION_ARN: 'the function the one-time follow-up schedules invoke',
  AGENDA_DAYS_BEFORE: 'days before a meeting the agenda is sent',
  SURVEY_DELAY_HOURS: 'hours after a meeting ends the survey is sent',
  REMINDER_BUSINESS_DAYS: 'business days after the survey the reminder is sent',
  TOKEN_TTL_DAYS: 'days a signed link stays valid',
  MANAGER_LINK_DAYS: "days a manager's link to an account page (/m/{token}) stays valid (optional, 14)",
  TOKEN_SECRET_ID: 'the Secrets Manager secret of the link-signing keys',
  SERVICE_CATALOG: 'the services the company sells, as a JSON list',
  RISK_RULES: 'overrides of the risk rules, as a JSON object (optional; see risk-rules.ts)',
  DEFAULT_TEAM: 'the deployment-wide supervisor, operations manager and executive, as JSON',
  REPLY_TO: 'where replies to the weekly digest go (optional)',
} as const;

export type EnvironmentName = keyof typeof ENVIRONMENT;

/** Some or all of the variables, as a writer sets them. */
export type FunctionEnvironment = { [Name in EnvironmentName]?: string };

export const ENVIRONMENT_NAMES = Object.keys(ENVIRONMENT) as readonly EnvironmentName[];
