// Scheduler target: an occurrence of an account's recurring schedule (the meeting takes place).
import middy from '@middy/core';
import { z } from 'zod';
import { parseInput } from '#domain/errors.ts';
import { IsoInstant } from '#domain/model.ts';
import { meetingUseCases, riskUseCases } from './wiring.ts';

const OccurrenceEvent = z.object({ accountId: z.string().min(1), scheduledTime: IsoInstant });

const meetings = meetingUseCases();
const risk = riskUseCases();

export const handler = middy().handler(async (event: unknown) => {
  const { accountId, scheduledTime } = parseInput(OccurrenceEvent, event);
  const outcome = await meetings.occurrence(accountId, scheduledTime);
  // Silence and overdue commitments announce themselves by no record: look for them each cycle.
  if ('done' in outcome) await risk.recordTimeSignals(accountId);
  console.log(JSON.stringify({ level: 'INFO', message: 'occurrence', accountId, scheduledTime, ...outcome }));
  return outcome;
});
