// Builds the adapters once per process from the configuration. Handlers take what they need from here.
import { clock } from '#adapters/clock.ts';
import { dynamoDocumentClient, schedulerClient, sesClient } from '#adapters/clients.ts';
import { newId, shortSuffix } from '#adapters/ids.ts';
import { Mailer } from '#adapters/mailer.ts';
import { Scheduler } from '#adapters/scheduler.ts';
import { Store } from '#adapters/store.ts';
import { config, type Config } from './config.ts';
import { MeetingUseCases } from './use-cases/meetings.ts';

export interface Wiring {
  config: Config;
  store: Store;
  scheduler: Scheduler;
  mailer: Mailer;
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
    now: () => clock.now(),
    newId: () => newId(clock.now()),
    idSuffix: shortSuffix,
  };
  return wiring;
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
      sender: {
        companyName: settings.COMPANY_NAME,
        senderEmail: settings.SENDER_EMAIL,
        postalAddress: settings.POSTAL_ADDRESS,
      },
    },
  });
}
