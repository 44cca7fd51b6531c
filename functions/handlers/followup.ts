// Scheduler target: a one-time follow-up of a meeting: the agenda before it, the survey after it,
// the reminder to those who have not answered.
import middy from '@middy/core';
import { z } from 'zod';
import { parseInput } from '#domain/errors.ts';
import { IsoInstant } from '#domain/model.ts';
import { meetingUseCases, surveyUseCases } from './wiring.ts';

const FollowupEvent = z.object({
  kind: z.enum(['agenda', 'survey', 'reminder']),
  accountId: z.string().min(1),
  meetingId: IsoInstant,
});

const meetings = meetingUseCases();
const surveys = surveyUseCases();

export const handler = middy().handler(async (event: unknown) => {
  const { kind, accountId, meetingId } = parseInput(FollowupEvent, event);
  const outcome =
    kind === 'agenda'
      ? await meetings.sendAgenda(accountId, meetingId)
      : kind === 'survey'
        ? await surveys.sendSurveys(accountId, meetingId)
        : await surveys.sendReminders(accountId, meetingId);
  console.log(JSON.stringify({ level: 'INFO', message: 'followup', kind, accountId, meetingId, ...outcome }));
  return outcome;
});
