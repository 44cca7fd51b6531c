// Scheduler target: a one-time follow-up of a meeting: the agenda before it, the survey after it,
// the reminder to those who have not answered, an unacknowledged alert's climb up the ladder.
import middy from '@middy/core';
import * as z from '#contract/zod.ts';
import { sendAgenda } from '#app/meetings.ts';
import { RiskEngine } from '#app/risk.ts';
import { sendReminders, sendSurveys } from '#app/surveys.ts';
import { askWhetherMeetingHappened } from '#app/unrecorded.ts';
import { parseInput } from '#domain/errors.ts';
import { IsoInstant } from '#domain/model.ts';
import { log, withRequestIds } from './log.ts';
import { renderAgenda } from '#render/agenda.ts';
import { renderAlert, renderRecovery } from '#render/alert.ts';
import { renderSurveyEmail } from '#render/survey.ts';
import { renderUnrecorded } from '#render/unrecorded.ts';
import { keys } from './wiring/keys.ts';
import { mailer } from './wiring/mailer.ts';
import { basePorts } from './wiring/ports.ts';
import { scheduler } from './wiring/scheduler.ts';
import { managerLinkSettings, meetingSettings, riskSettings, surveySettings } from './wiring/settings.ts';

const FollowupEvent = z.object({
  kind: z.enum(['agenda', 'survey', 'reminder', 'escalation', 'unrecorded', 'risk-check']),
  accountId: z.string().check(z.minLength(1)),
  /** The meeting, or for an escalation the alert's creation time. */
  meetingId: IsoInstant,
  step: z.optional(z.string()),
  ref: z.optional(z.string()),
});

// Only the renderers of the emails a follow-up sends: a function bundles no other.
const render = { agenda: renderAgenda, survey: renderSurveyEmail, alert: renderAlert, recovery: renderRecovery, unrecorded: renderUnrecorded };
const ports = { ...basePorts(), mailer: mailer(), scheduler: scheduler(), keys: keys(), render };
const meetings = { ...meetingSettings(), links: managerLinkSettings() };
const surveys = surveySettings();
const risk = new RiskEngine(ports, riskSettings());

export const handler = middy()
  .use(withRequestIds())
  .handler(async (event: unknown) => {
    const { kind, accountId, meetingId, ref, step: stepText } = parseInput(FollowupEvent, event);
    const step = stepText === undefined ? undefined : Number(stepText);
    const outcome =
      kind === 'agenda'
        ? await sendAgenda(ports, meetings, accountId, meetingId)
        : kind === 'survey'
          ? await sendSurveys(ports, surveys, accountId, meetingId)
          : kind === 'reminder'
            ? await sendReminders(ports, surveys, accountId, meetingId)
            : kind === 'unrecorded'
              ? await askWhetherMeetingHappened(ports, { links: meetings.links, sender: meetings.sender }, accountId, meetingId)
              : kind === 'risk-check'
                ? await risk.check(accountId, meetingId, step, ref)
                : await risk.escalate(accountId, meetingId, ref ?? '', step);
    log.info('followup', { kind, accountId, meetingId, ...outcome });
    return outcome;
  });
