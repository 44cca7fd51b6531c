// HTTP plumbing shared by the API handlers: responses, the JSON body, and the one error mapper.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { MiddlewareObj } from '@middy/core';
import { DomainError, InvalidInput } from '#domain/errors.ts';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** The request body as JSON; an absent or malformed body is the caller's mistake. */
export function jsonBody(event: HttpEvent): unknown {
  if (!event.body) throw new InvalidInput([{ field: '', message: 'the request needs a JSON body' }]);
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInput([{ field: '', message: 'the body is not valid JSON' }]);
  }
}

export function pathParameter(event: HttpEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (value === undefined || value === '') throw new InvalidInput([{ field: name, message: 'is required in the path' }]);
  return decodeURIComponent(value);
}

/**
 * Maps errors to responses in one place: domain errors expose their message (4xx); anything else is
 * logged and answered with a 500 that reveals nothing of it.
 */
export function httpErrors(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: (request) => {
      const error = request.error;
      if (error instanceof InvalidInput) {
        request.response = json(400, { error: 'InvalidInput', message: error.message, problems: error.problems });
        return;
      }
      if (error instanceof DomainError) {
        request.response = json(error.status, { error: error.name, message: error.message });
        return;
      }
      console.error(JSON.stringify({ level: 'ERROR', message: 'unhandled error', error: String(error), stack: error?.stack }));
      request.response = json(500, { error: 'InternalError', message: 'Something went wrong on our side. Please try again.' });
    },
  };
}
