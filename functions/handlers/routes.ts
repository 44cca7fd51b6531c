// The HTTP routes of the admin and public APIs, by API Gateway route key, with the function that
// serves each. The CDK api construct declares the same routes (test/infra checks they agree) and the
// local cloud routes real HTTP requests with this table.
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
  'GET /admin/accounts/{id}/scores',
  'GET /admin/accounts/{id}/meetings',
  'POST /admin/accounts/{id}/meetings/{meetingId}',
  'GET /admin/commitments',
  'POST /admin/accounts/{id}/commitments/{commitmentId}',
  'POST /admin/schedules/reconcile',
] as const;

export type AdminRoute = (typeof ADMIN_ROUTES)[number];

/** Public routes (no auth, throttled): the pages customers (survey, unsubscribe) and managers
 * (alert acknowledgement) open from emails. */
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
] as const;

export type PublicRoute = (typeof PUBLIC_ROUTES)[number];
