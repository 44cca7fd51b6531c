// Scheduler target: an occurrence of an account's recurring schedule (the meeting takes place).
import middy from '@middy/core';
import * as z from 'zod';
import { parseInput } from '#domain/errors.ts';
import { IsoInstant } from '#domain/model.ts';
import { scheduler } from './wiring/scheduler.ts';
import { repositories } from './wiring/repositories.ts';
import { meetingUseCases, ports, riskUseCases } from './wiring/use-cases.ts';

const OccurrenceEvent = z.object({ accountId: z.string().min(1), scheduledTime: IsoInstant });

// A meeting records itself and schedules what follows; the emails go out from those follow-ups.
const deps = ports({ ...repositories(), scheduler: scheduler() });
const meetings = meetingUseCases(deps);
const risk = riskUseCases(deps);

export const handler = middy().handler(async (event: unknown) => {
  const { accountId, scheduledTime } = parseInput(OccurrenceEvent, event);
  const outcome = await meetings.occurrence(accountId, scheduledTime);
  // Silence and overdue commitments announce themselves by no record: look for them each cycle.
  if ('done' in outcome) await risk.recordTimeSignals(accountId);
  console.log(JSON.stringify({ level: 'INFO', message: 'occurrence', accountId, scheduledTime, ...outcome }));
  return outcome;
});
