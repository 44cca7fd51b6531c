// Scheduler target: the weekly digest, every Monday morning in the deployment's timezone.
// Event: { "scheduledTime": "<aws.scheduler.scheduled-time>" }; the digest is that week's, so a
// duplicate or retried delivery computes the same digest and sends nothing twice.
import middy from '@middy/core';
import * as z from '#contract/zod.ts';
import { sendWeeklyDigest } from '#app/digest.ts';
import { parseInput } from '#domain/errors.ts';
import { IsoInstant } from '#domain/model.ts';
import { log, withRequestIds } from './log.ts';
import { renderDigest } from '#render/digest.ts';
import { mailer } from './wiring/mailer.ts';
import { keys } from './wiring/keys.ts';
import { basePorts } from './wiring/ports.ts';
import { digestSettings } from './wiring/settings.ts';

const DigestEvent = z.object({ scheduledTime: IsoInstant });

// The digest signs each manager's links to the accounts it names.
const ports = { ...basePorts(), mailer: mailer(), keys: keys(), render: { digest: renderDigest } };
const settings = digestSettings();

export const handler = middy()
  .use(withRequestIds())
  .handler(async (event: unknown) => {
    const { scheduledTime } = parseInput(DigestEvent, event);
    const outcome = await sendWeeklyDigest(ports, settings, scheduledTime);
    log.info('digest', { scheduledTime, ...outcome });
    return outcome;
  });
