// Builds the adapters once per process from the configuration. Handlers take what they need from here.
import { clock } from '#adapters/clock.ts';
import { dynamoDocumentClient, schedulerClient, sesClient } from '#adapters/clients.ts';
import { newId, shortSuffix } from '#adapters/ids.ts';
import { Mailer } from '#adapters/mailer.ts';
import { Scheduler } from '#adapters/scheduler.ts';
import { secretsManagerClient, TokenKeys } from '#adapters/secrets.ts';
import { Store } from '#adapters/store.ts';
import { config, type Config } from './config.ts';
import { MeetingUseCases } from './use-cases/meetings.ts';
import { RiskUseCases } from './use-cases/risk.ts';
import { SurveyUseCases } from './use-cases/surveys.ts';

export interface Wiring {
  config: Config;
  store: Store;
  scheduler: Scheduler;
  mailer: Mailer;
  keys: TokenKeys;
  now: () => Date;
  newId: () => string;
  idSuffix: () => string;
}

let wiring: Wiring | undefined;

export function wire(): Wiring {
  if (wiring) return wiring;
  const settings = config();
  wiring = {
    config: settings,
    store: new Store(dynamoDocumentClient(), settings.TABLE_NAME),
    scheduler: new Scheduler(schedulerClient(), {
      group: settings.SCHEDULE_GROUP,
      roleArn: settings.SCHEDULER_ROLE_ARN,
      occurrenceTargetArn: settings.OCCURRENCE_FUNCTION_ARN,
      followupTargetArn: settings.FOLLOWUP_FUNCTION_ARN,
      ...(settings.SCHEDULER_DLQ_ARN ? { deadLetterArn: settings.SCHEDULER_DLQ_ARN } : {}),
    }),
    mailer: new Mailer(sesClient(), settings.SES_CONFIGURATION_SET),
    keys: new TokenKeys(secretsManagerClient(), settings.TOKEN_SECRET_ID),
    now: () => clock.now(),
    newId: () => newId(clock.now()),
    idSuffix: shortSuffix,
  };
  return wiring;
}

/** The company as every email names it. */
export function senderOf(settings: Config) {
  return { companyName: settings.COMPANY_NAME, senderEmail: settings.SENDER_EMAIL, postalAddress: settings.POSTAL_ADDRESS };
}

export function meetingUseCases(deps: Wiring = wire()): MeetingUseCases {
  const { config: settings } = deps;
  return new MeetingUseCases({
    ...deps,
    settings: {
      agendaDaysBefore: settings.AGENDA_DAYS_BEFORE,
      surveyDelayHours: settings.SURVEY_DELAY_HOURS,
      catalog: settings.SERVICE_CATALOG,
      defaultTeam: settings.DEFAULT_TEAM,
      sender: senderOf(settings),
    },
  });
}

export function surveyUseCases(deps: Wiring = wire()): SurveyUseCases {
  const { config: settings } = deps;
  return new SurveyUseCases({
    ...deps,
    settings: {
      publicUrl: settings.PUBLIC_URL,
      tokenTtlDays: settings.TOKEN_TTL_DAYS,
      reminderBusinessDays: settings.REMINDER_BUSINESS_DAYS,
      sender: senderOf(settings),
    },
  });
}

export function riskUseCases(deps: Wiring = wire()): RiskUseCases {
  const { config: settings } = deps;
  return new RiskUseCases({
    ...deps,
    settings: {
      publicUrl: settings.PUBLIC_URL,
      tokenTtlDays: settings.TOKEN_TTL_DAYS,
      escalationBusinessDays: 3,
      deploymentTimezone: settings.DEPLOYMENT_TIMEZONE,
      defaultTeam: settings.DEFAULT_TEAM,
      sender: senderOf(settings),
      ...(settings.RISK_RULES ? { rules: settings.RISK_RULES } : {}),
    },
  });
}
