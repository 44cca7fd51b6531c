// Admin API (IAM auth): the account routes of the contract, one Lambda for all of them.
import middy from '@middy/core';
import * as z from '#contract/zod.ts';
import { NotFound, parseInput } from '#domain/errors.ts';
import { httpErrors, json, jsonBody, pathParameter, type HttpEvent, type HttpResult } from './http.ts';
import type { AdminRoute } from '#contract/routes.ts';
import { AccountUseCases, recentMeetings, recentScores } from '#app/accounts.ts';
import { changeCommitment, completeCommitment, listCommitments } from '#app/commitments.ts';
import { seriesChangeHandler } from '#app/invitations.ts';
import { reconcileSchedules } from '#app/reconcile.ts';
import { alertsOf, eventsOf, scoresBetween, windowOf } from '#app/records.ts';
import { withRequestIds } from './log.ts';
import { renderInvitation } from '#render/invitation.ts';
import { mailer } from './wiring/mailer.ts';
import { basePorts } from './wiring/ports.ts';
import { scheduler } from './wiring/scheduler.ts';
import { meetingSettings } from './wiring/settings.ts';

// Invitations go out by email; account changes keep the schedules in step. No link is signed here.
const ports = { ...basePorts(), scheduler: scheduler(), mailer: mailer(), render: { invitation: renderInvitation } };
const accounts = new AccountUseCases({ ...ports, onSeriesChange: seriesChangeHandler(ports, meetingSettings()) });

const Limit = z.object({ limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20) });

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
  'GET /admin/accounts/{id}/events': async (event) =>
    json(200, { events: await eventsOf(ports, pathParameter(event, 'id'), windowOf(event.queryStringParameters ?? {})) }),
  'GET /admin/accounts/{id}/alerts': async (event) => {
    const { limit } = parseInput(Limit, event.queryStringParameters ?? {});
    return json(200, { alerts: await alertsOf(ports, pathParameter(event, 'id'), limit) });
  },
  // ?limit=N: the latest answers, newest first; ?from=&to= (dates or instants of the meetings): all of them, oldest first.
  'GET /admin/accounts/{id}/scores': async (event) => {
    const id = pathParameter(event, 'id');
    const query = event.queryStringParameters ?? {};
    if (query.from !== undefined || query.to !== undefined) return json(200, { scores: await scoresBetween(ports, id, windowOf(query)) });
    const { limit } = parseInput(Limit, query);
    return json(200, { scores: await recentScores(ports, id, limit) });
  },
  'GET /admin/accounts/{id}/meetings': async (event) => {
    const id = pathParameter(event, 'id');
    const { limit } = parseInput(Limit, event.queryStringParameters ?? {});
    return json(200, { meetings: await recentMeetings(ports, id, limit) });
  },
  'POST /admin/accounts/{id}/meetings/{meetingId}': async (event) =>
    json(200, await accounts.markMeeting(pathParameter(event, 'id'), pathParameter(event, 'meetingId'), jsonBody(event))),
  'GET /admin/commitments': async (event) =>
    json(200, { commitments: await listCommitments(ports, event.queryStringParameters?.accountId) }),
  'POST /admin/accounts/{id}/commitments/{commitmentId}': async (event) =>
    json(200, await completeCommitment(ports, pathParameter(event, 'id'), pathParameter(event, 'commitmentId'), jsonBody(event))),
  'PATCH /admin/accounts/{id}/commitments/{commitmentId}': async (event) =>
    json(200, await changeCommitment(ports, pathParameter(event, 'id'), pathParameter(event, 'commitmentId'), jsonBody(event))),
  'POST /admin/schedules/reconcile': async (event) => {
    const dryRun = event.queryStringParameters?.dryRun === 'true';
    return json(200, { dryRun, changes: await reconcileSchedules(ports, { dryRun }) });
  },
};

export const handler = middy<HttpEvent, HttpResult>()
  .use(withRequestIds())
  .use(httpErrors())
  .handler(async (event) => {
    const route = routes[event.routeKey as AdminRoute];
    if (!route) throw new NotFound(`no route ${event.routeKey}`);
    return route(event);
  });
