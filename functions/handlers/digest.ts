// Scheduler target: the weekly digest, every Monday morning in the deployment's timezone.
// Event: { "scheduledTime": "<aws.scheduler.scheduled-time>" }; the digest is that week's, so a
// duplicate or retried delivery computes the same digest and sends nothing twice.
import middy from '@middy/core';
import * as z from 'zod';
import { parseInput } from '#domain/errors.ts';
import { IsoInstant } from '#domain/model.ts';
import { mailer } from './wiring/mailer.ts';
import { digestQueries, repositories } from './wiring/repositories.ts';
import { digestUseCases, ports } from './wiring/use-cases.ts';

const DigestEvent = z.object({ scheduledTime: IsoInstant });

const digests = digestUseCases(ports({ ...repositories(), mailer: mailer() }), digestQueries());

export const handler = middy().handler(async (event: unknown) => {
  const { scheduledTime } = parseInput(DigestEvent, event);
  const outcome = await digests.sendWeekly(scheduledTime);
  console.log(JSON.stringify({ level: 'INFO', message: 'digest', scheduledTime, ...outcome }));
  return outcome;
});
