// The use cases' settings, from this function's configuration (./../config.ts).
import type { DigestSettings } from '#app/digest.ts';
import type { ManagerLinkSettings } from '#app/links.ts';
import type { MeetingSettings } from '#app/meetings.ts';
import type { RiskSettings } from '#app/risk.ts';
import type { SurveySettings } from '#app/surveys.ts';
import type { Sender } from '#domain/sender.ts';
import { config, type Config } from '../config.ts';

/** The company as every email names it. */
function senderOf(settings: Config): Sender {
  return {
    companyName: settings.COMPANY_NAME,
    senderEmail: settings.SENDER_EMAIL,
    postalAddress: settings.POSTAL_ADDRESS,
    replyTo: settings.REPLY_TO,
    senderDomain: settings.SENDER_DOMAIN,
  };
}

export function meetingSettings(): MeetingSettings {
  const settings = config();
  return {
    agendaDaysBefore: settings.AGENDA_DAYS_BEFORE,
    surveyDelayHours: settings.SURVEY_DELAY_HOURS,
    catalog: settings.SERVICE_CATALOG,
    defaultTeam: settings.DEFAULT_TEAM,
    sender: senderOf(settings),
  };
}

export function surveySettings(): SurveySettings {
  const settings = config();
  return {
    publicUrl: settings.PUBLIC_URL,
    tokenTtlDays: settings.TOKEN_TTL_DAYS,
    reminderBusinessDays: settings.REMINDER_BUSINESS_DAYS,
    sender: senderOf(settings),
  };
}

export function riskSettings(): RiskSettings {
  const settings = config();
  return {
    publicUrl: settings.PUBLIC_URL,
    tokenTtlDays: settings.TOKEN_TTL_DAYS,
    managerLinkDays: settings.MANAGER_LINK_DAYS,
    escalationBusinessDays: 3,
    deploymentTimezone: settings.DEPLOYMENT_TIMEZONE,
    holidays: settings.HOLIDAYS,
    defaultTeam: settings.DEFAULT_TEAM,
    sender: senderOf(settings),
    ...(settings.RISK_RULES ? { rules: settings.RISK_RULES } : {}),
  };
}

export function digestSettings(): DigestSettings {
  const settings = config();
  return {
    deploymentTimezone: settings.DEPLOYMENT_TIMEZONE,
    defaultTeam: settings.DEFAULT_TEAM,
    sender: senderOf(settings),
    links: managerLinkSettings(),
  };
}

/** What managerLink needs (#app/links.ts): every email that links a manager to an account page. */
export function managerLinkSettings(): Required<ManagerLinkSettings> {
  const settings = config();
  return { publicUrl: settings.PUBLIC_URL, managerLinkDays: settings.MANAGER_LINK_DAYS };
}
