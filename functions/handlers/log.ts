// Logs as objects. Lambda's JSON log format emits an object argument of console.log/console.error as
// the record itself, so every field is indexed (CloudWatch Logs Insights can filter on `accountId`);
// a string would end up as one unindexed `message`. Each record carries the ids of the request it
// belongs to (set by `withRequestIds`), and an error its name, message and stack.
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

type Fields = Record<string, unknown>;

/** The ids of the invocation being handled: one at a time per Lambda environment. */
let requestIds: Fields = {};

export const log = {
  info(message: string, fields: Fields = {}): void {
    console.log({ level: 'INFO', message, ...requestIds, ...fields });
  },
  error(message: string, error: unknown, fields: Fields = {}): void {
    console.error({ level: 'ERROR', message, ...requestIds, ...fields, error: describe(error) });
  },
};

function describe(error: unknown): Fields {
  if (!(error instanceof Error)) return { message: String(error) };
  return { name: error.name, message: error.message, stack: error.stack };
}

/** Middy middleware: the request ids of every record logged while this invocation runs. */
export function withRequestIds<E, R>(): MiddlewareObj<E, R, Error, Context> {
  return {
    before: (request) => {
      const event = request.event as { requestContext?: { requestId?: unknown } } | undefined;
      const apiRequestId = event?.requestContext?.requestId;
      requestIds = {
        ...(request.context?.awsRequestId ? { awsRequestId: request.context.awsRequestId } : {}),
        ...(typeof apiRequestId === 'string' ? { apiRequestId } : {}),
      };
    },
  };
}
