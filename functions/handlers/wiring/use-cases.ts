// The use cases of the handlers, built from the settings and the adapters each handler gives. The
// adapters come from ./repositories.ts, ./mailer.ts, ./scheduler.ts and ./keys.ts, one module per AWS
// service, so that a function bundles and loads only the SDK clients it calls.
import { clock } from '#adapters/clock.ts';
import type { Repositories } from '#adapters/dynamo/index.ts';
import type { DigestQueries } from '#adapters/digest-queries.ts';
import { newId, shortSuffix } from '#adapters/ids.ts';
import { config, type Config } from '../config.ts';
import { DigestUseCases } from '../use-cases/digest.ts';
import { MeetingUseCases } from '../use-cases/meetings.ts';
import type { Ports } from '../use-cases/ports.ts';
import { RiskUseCases } from '../use-cases/risk.ts';
import { SurveyUseCases } from '../use-cases/surveys.ts';

/** The adapters besides the repositories, which every handler has. */
export type Adapters = Omit<Ports, 'now' | keyof Repositories>;

export interface Wiring extends Ports {
  newId: () => string;
  idSuffix: () => string;
}

/**
 * A handler's ports: the adapters it built, the clock and ids. An adapter it leaves out is one its
 * function never uses (nor is granted in the stack); touching it fails with an error that names it.
 */
export function ports(adapters: Repositories & Partial<Adapters>): Wiring {
  return {
    accounts: adapters.accounts,
    meetings: adapters.meetings,
    surveys: adapters.surveys,
    scores: adapters.scores,
    events: adapters.events,
    commitments: adapters.commitments,
    alerts: adapters.alerts,
    signals: adapters.signals,
    once: adapters.once,
    mailer: adapters.mailer ?? notGiven('mailer'),
    scheduler: adapters.scheduler ?? notGiven('scheduler'),
    keys: adapters.keys ?? notGiven('keys'),
    now: () => clock.now(),
    newId: () => newId(clock.now()),
    idSuffix: shortSuffix,
  };
}

function notGiven<T extends object>(adapter: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => {
      // Inspection (console.log, test output) looks up symbols; let it see an empty object.
      if (typeof property === 'symbol') return undefined;
      throw new Error(`this function is not wired with the ${adapter} (asked for ${adapter}.${property}); give it in the handler's ports()`);
    },
  });
}

/** The company as every email names it. */
function senderOf(settings: Config) {
  return { companyName: settings.COMPANY_NAME, senderEmail: settings.SENDER_EMAIL, postalAddress: settings.POSTAL_ADDRESS, replyTo: settings.REPLY_TO };
}

export function meetingUseCases(deps: Wiring): MeetingUseCases {
  const settings = config();
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

export function surveyUseCases(deps: Wiring): SurveyUseCases {
  const settings = config();
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

export function riskUseCases(deps: Wiring): RiskUseCases {
  const settings = config();
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

export function digestUseCases(deps: Wiring, queries: DigestQueries): DigestUseCases {
  const settings = config();
  return new DigestUseCases({
    accounts: deps.accounts,
    scores: deps.scores,
    once: deps.once,
    mailer: deps.mailer,
    now: deps.now,
    queries,
    settings: {
      deploymentTimezone: settings.DEPLOYMENT_TIMEZONE,
      defaultTeam: settings.DEFAULT_TEAM,
      sender: senderOf(settings),
    },
  });
}
