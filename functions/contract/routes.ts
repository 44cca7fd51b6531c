// The contract: facts both sides rely on, each defined once. The infrastructure (lib/) and the local
// cloud (local/) read them to build what the functions expect; the functions read them to find what
// they were given. Nothing here does I/O or imports runtime layers (lint enforces it).
//   a new route goes here (routes.ts), with its handler in functions/handlers/admin-api.ts or public-pages.ts;
//   a new environment variable: environment.ts, then functions/handlers/config.ts parses it;
//   a new function: functions.ts; the Scheduler retry policy and stack schedules: scheduler.ts;
//   the table items the risk stream weighs: stream.ts; time zones: timezone.ts; risk-rule overrides: risk-rules.ts.
//
// The HTTP routes of the admin and public APIs, by API Gateway route key. The stack declares exactly
// these (lib/constructs/api.ts), the local cloud serves exactly these, and each handler's table of
// routes is typed by them, so a route cannot exist on one side only.

/** Admin routes (IAM auth), all on functions/handlers/admin-api.ts: the public contract's (DESIGN.md)
 * plus what the pulse CLI needs (contact edits, meetings, commitments, events, alerts, scores between
 * dates, schedule reconciliation). */
export const ADMIN_ROUTES = [
  'POST /admin/accounts',
  'GET /admin/accounts',
  'GET /admin/accounts/{id}',
  'PATCH /admin/accounts/{id}',
  'DELETE /admin/accounts/{id}',
  'POST /admin/accounts/{id}/contacts',
  'PATCH /admin/accounts/{id}/contacts/{contactId}',
  'DELETE /admin/accounts/{id}/contacts/{contactId}',
  'POST /admin/accounts/{id}/events',
  'GET /admin/accounts/{id}/events',
  'GET /admin/accounts/{id}/alerts',
  'GET /admin/accounts/{id}/scores',
  'GET /admin/accounts/{id}/meetings',
  'POST /admin/accounts/{id}/meetings/{meetingId}',
  'GET /admin/commitments',
  'POST /admin/accounts/{id}/commitments/{commitmentId}',
  'PATCH /admin/accounts/{id}/commitments/{commitmentId}',
  'POST /admin/schedules/reconcile',
] as const;

export type AdminRoute = (typeof ADMIN_ROUTES)[number];

/** Public routes (no auth, throttled): the pages customers (survey, unsubscribe) and managers
 * (alert acknowledgement, the account page) open from emails. */
export const PUBLIC_ROUTES = [
  'GET /s/{token}',
  'HEAD /s/{token}',
  'POST /s/{token}',
  'GET /u/{token}',
  'HEAD /u/{token}',
  'POST /u/{token}',
  'GET /a/{token}',
  'HEAD /a/{token}',
  'POST /a/{token}',
  'GET /m/{token}',
  'HEAD /m/{token}',
  'POST /m/{token}',
] as const;

export type PublicRoute = (typeof PUBLIC_ROUTES)[number];

export type RouteMethod = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE';

/** `'POST /admin/accounts'` → `{ method: 'POST', path: '/admin/accounts' }`. */
export function routeParts(routeKey: AdminRoute | PublicRoute): { readonly method: RouteMethod; readonly path: string } {
  const [method, path] = routeKey.split(' ') as [RouteMethod, string];
  return { method, path };
}
