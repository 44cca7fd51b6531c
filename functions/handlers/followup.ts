// Scheduler target: a one-time follow-up of a meeting: the agenda before it, the survey after it,
// the reminder to those who have not answered, an unacknowledged alert's climb up the ladder.
import middy from '@middy/core';
import * as z from 'zod';
import { parseInput } from '#domain/errors.ts';
import { IsoInstant } from '#domain/model.ts';
import { keys } from './wiring/keys.ts';
import { mailer } from './wiring/mailer.ts';
import { scheduler } from './wiring/scheduler.ts';
import { repositories } from './wiring/repositories.ts';
import { meetingUseCases, ports, riskUseCases, surveyUseCases } from './wiring/use-cases.ts';

const FollowupEvent = z.object({
  kind: z.enum(['agenda', 'survey', 'reminder', 'escalation']),
  accountId: z.string().min(1),
  /** The meeting, or for an escalation the alert's creation time. */
  meetingId: IsoInstant,
  step: z.string().optional(),
  ref: z.string().optional(),
});

const deps = ports({ ...repositories(), mailer: mailer(), scheduler: scheduler(), keys: keys() });
const meetings = meetingUseCases(deps);
const surveys = surveyUseCases(deps);
const risk = riskUseCases(deps);

export const handler = middy().handler(async (event: unknown) => {
  const { kind, accountId, meetingId, ref } = parseInput(FollowupEvent, event);
  const outcome =
    kind === 'agenda'
      ? await meetings.sendAgenda(accountId, meetingId)
      : kind === 'survey'
        ? await surveys.sendSurveys(accountId, meetingId)
        : kind === 'reminder'
          ? await surveys.sendReminders(accountId, meetingId)
          : await risk.escalate(accountId, meetingId, ref ?? '');
  console.log(JSON.stringify({ level: 'INFO', message: 'followup', kind, accountId, meetingId, ...outcome }));
  return outcome;
});
