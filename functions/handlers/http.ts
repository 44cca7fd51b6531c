// HTTP plumbing shared by the API handlers: responses, the JSON body, and the one error mapper.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { MiddlewareObj } from '@middy/core';
import { MAX_BODY_BYTES } from '#contract/limits.ts';
import { DomainError, InvalidInput, TooLarge } from '#domain/errors.ts';
import { log } from './log.ts';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * The request body as text, or undefined when there is none. Refused before anything parses it when
 * it is over MAX_BODY_BYTES: no valid body comes close, and a huge one would only cost memory and time.
 */
export function bodyText(event: HttpEvent): string | undefined {
  if (!event.body) return undefined;
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new TooLarge(`The request body is ${kib(bytes.length)}; at most ${kib(MAX_BODY_BYTES)} is accepted.`);
  }
  return bytes.toString('utf8');
}

const kib = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

/** The request body as JSON; an absent or malformed body is the caller's mistake. */
export function jsonBody(event: HttpEvent): unknown {
  const text = bodyText(event);
  if (!text) throw new InvalidInput([{ field: '', message: 'the request needs a JSON body' }]);
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInput([{ field: '', message: 'the body is not valid JSON' }]);
  }
}

export function pathParameter(event: HttpEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (value === undefined || value === '') throw new InvalidInput([{ field: name, message: 'is required in the path' }]);
  try {
    return decodeURIComponent(value);
  } catch {
    // A broken %-escape is the caller's mistake, not ours: a 400, never a 500 and an error log.
    throw new InvalidInput([{ field: name, message: 'is not a valid URL path segment (a "%" must start an escape such as %20)' }]);
  }
}

/** How a handler answers: JSON for the admin API, HTML pages for the customers' links. */
export interface ErrorAnswers {
  /** A domain error: its status and message are the caller's to see. */
  known(status: number, error: DomainError): HttpResult;
  /** Anything else: logged, and answered without revealing it. */
  unexpected(): HttpResult;
}

export const JSON_ANSWERS: ErrorAnswers = {
  known: (status, error) =>
    json(status, {
      error: error.name,
      message: error.message,
      ...(error instanceof InvalidInput ? { problems: error.problems } : {}),
    }),
  unexpected: () => json(500, { error: 'InternalError', message: 'Something went wrong on our side. Please try again.' }),
};

/**
 * Maps errors to responses in one place, for both HTTP handlers: domain errors expose their message
 * (4xx); anything else is logged with its stack and the request's ids and answered with a 500.
 */
export function httpErrors(answers: ErrorAnswers = JSON_ANSWERS): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: (request) => {
      const error = request.error;
      if (error instanceof DomainError) {
        request.response = answers.known(error.status, error);
        return;
      }
      log.error('unhandled error', error, { routeKey: request.event?.routeKey });
      request.response = answers.unexpected();
    },
  };
}
