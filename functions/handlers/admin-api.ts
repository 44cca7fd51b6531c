// Admin API (IAM auth): the account routes of the contract, one Lambda for all of them.
import middy from '@middy/core';
import * as z from 'zod';
import { NotFound, parseInput } from '#domain/errors.ts';
import { httpErrors, json, jsonBody, pathParameter, type HttpEvent, type HttpResult } from './http.ts';
import type { AdminRoute } from '#contract/routes.ts';
import { AccountUseCases } from './use-cases/accounts.ts';
import { reconcileSchedules } from './use-cases/reconcile.ts';
import { seriesChangeHandler } from './use-cases/invitations.ts';
import { mailer } from './wiring/mailer.ts';
import { scheduler } from './wiring/scheduler.ts';
import { repositories } from './wiring/repositories.ts';
import { meetingUseCases, ports } from './wiring/use-cases.ts';

// Invitations go out by email; account changes keep the schedules in step. No link is signed here.
const deps = ports({ ...repositories(), scheduler: scheduler(), mailer: mailer() });
const meetings = meetingUseCases(deps);
const accounts = new AccountUseCases({
  ...deps,
  onSeriesChange: seriesChangeHandler(meetings, deps.now),
});

const Limit = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

const routes: Record<AdminRoute, (event: HttpEvent) => Promise<HttpResult>> = {
  'POST /admin/accounts': async (event) => json(201, await accounts.create(jsonBody(event))),
  'GET /admin/accounts': async (event) => json(200, { accounts: await accounts.list(event.queryStringParameters?.level) }),
  'GET /admin/accounts/{id}': async (event) => json(200, await accounts.get(pathParameter(event, 'id'))),
  'PATCH /admin/accounts/{id}': async (event) =>
    json(200, await accounts.update(pathParameter(event, 'id'), jsonBody(event))),
  'DELETE /admin/accounts/{id}': async (event) => {
    await accounts.remove(pathParameter(event, 'id'));
    return { statusCode: 204, body: '' };
  },
  'POST /admin/accounts/{id}/contacts': async (event) =>
    json(201, await accounts.addContact(pathParameter(event, 'id'), jsonBody(event))),
  'PATCH /admin/accounts/{id}/contacts/{contactId}': async (event) =>
    json(200, await accounts.reactivateContact(pathParameter(event, 'id'), pathParameter(event, 'contactId'), jsonBody(event))),
  'DELETE /admin/accounts/{id}/contacts/{contactId}': async (event) =>
    json(200, await accounts.removeContact(pathParameter(event, 'id'), pathParameter(event, 'contactId'))),
  'POST /admin/accounts/{id}/events': async (event) =>
    json(201, await accounts.addEvent(pathParameter(event, 'id'), jsonBody(event))),
  'GET /admin/accounts/{id}/scores': async (event) => {
    const id = pathParameter(event, 'id');
    const { limit } = parseInput(Limit, event.queryStringParameters ?? {});
    await deps.accounts.require(id);
    return json(200, { scores: await deps.scores.recent(id, limit) });
  },
  'GET /admin/accounts/{id}/meetings': async (event) => {
    const id = pathParameter(event, 'id');
    const { limit } = parseInput(Limit, event.queryStringParameters ?? {});
    await deps.accounts.require(id);
    return json(200, { meetings: await deps.meetings.recent(id, limit) });
  },
  'POST /admin/accounts/{id}/meetings/{meetingId}': async (event) =>
    json(200, await accounts.markMeeting(pathParameter(event, 'id'), pathParameter(event, 'meetingId'), jsonBody(event))),
  'GET /admin/commitments': async (event) => {
    const accountId = event.queryStringParameters?.accountId;
    return json(200, { commitments: accountId ? await deps.commitments.of(accountId) : await deps.commitments.open() });
  },
  'POST /admin/accounts/{id}/commitments/{commitmentId}': async (event) =>
    json(200, await accounts.completeCommitment(pathParameter(event, 'id'), pathParameter(event, 'commitmentId'), jsonBody(event))),
  'POST /admin/schedules/reconcile': async (event) => {
    const dryRun = event.queryStringParameters?.dryRun === 'true';
    return json(200, { dryRun, changes: await reconcileSchedules(deps, { dryRun }) });
  },
};

export const handler = middy<HttpEvent, HttpResult>()
  .use(httpErrors())
  .handler(async (event) => {
    const route = routes[event.routeKey as AdminRoute];
    if (!route) throw new NotFound(`no route ${event.routeKey}`);
    return route(event);
  });
