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
  'DELETE /admin/accounts/{id}/contacts/{contactId}',
  'POST /admin/accounts/{id}/events',
  'GET /admin/accounts/{id}/scores',
  'GET /admin/accounts/{id}/meetings',
  'POST /admin/accounts/{id}/meetings/{meetingId}',
  'POST /admin/schedules/reconcile',
] as const;

export type AdminRoute = (typeof ADMIN_ROUTES)[number];
