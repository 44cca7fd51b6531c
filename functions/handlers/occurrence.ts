// Scheduler target: an occurrence of an account's recurring schedule (the meeting takes place).
import middy from '@middy/core';
import * as z from '#contract/zod.ts';
import { occurrence } from '#app/meetings.ts';
import { recordTimeSignals } from '#app/risk.ts';
import { parseInput } from '#domain/errors.ts';
import { IsoInstant } from '#domain/model.ts';
import { log, withRequestIds } from './log.ts';
import { basePorts } from './wiring/ports.ts';
import { scheduler } from './wiring/scheduler.ts';
import { meetingSettings, riskSettings } from './wiring/settings.ts';

const OccurrenceEvent = z.object({ accountId: z.string().check(z.minLength(1)), scheduledTime: IsoInstant });

// A meeting records itself and schedules what follows; the emails go out from those follow-ups.
const ports = { ...basePorts(), scheduler: scheduler() };
const settings = meetingSettings();
const { rules } = riskSettings();

export const handler = middy()
  .use(withRequestIds())
  .handler(async (event: unknown) => {
    const { accountId, scheduledTime } = parseInput(OccurrenceEvent, event);
    const outcome = await occurrence(ports, settings, accountId, scheduledTime);
    // Silence and overdue commitments announce themselves by no record: look for them each cycle.
    if ('done' in outcome) await recordTimeSignals(ports, accountId, rules);
    log.info('occurrence', { accountId, scheduledTime, ...outcome });
    return outcome;
  });
