// Public pages (no auth, throttled): the survey (/s/{token}), unsubscribe (/u/{token}) and alert
// acknowledgement (/a/{token}) links of the emails. HEAD answers like GET and changes nothing.
import middy from '@middy/core';
import { acknowledge } from '#app/acknowledgement.ts';
import { answerSurvey, openSurvey, unsubscribe } from '#app/answers.ts';
import type { PublicRoute } from '#contract/routes.ts';
import { NotFound } from '#domain/errors.ts';
import { config } from './config.ts';
import { httpErrors, pathParameter, type HttpEvent, type HttpResult } from './http.ts';
import { withRequestIds } from './log.ts';
import { acknowledgeResultPage, PAGE_ANSWERS, respond, surveyResultPage, unsubscribeResultPage } from './pages.ts';
import { keys } from './wiring/keys.ts';
import { basePorts } from './wiring/ports.ts';

// The pages verify links and record answers: they send no email and schedule nothing.
const ports = { ...basePorts(), keys: keys() };
const settings = { companyName: config().COMPANY_NAME, tokenTtlDays: config().TOKEN_TTL_DAYS };

/** A form body (urlencoded), or nothing; values over the page's limits are the use case's to judge. */
function formOf(event: HttpEvent): Record<string, string> {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return Object.fromEntries(new URLSearchParams(text));
}

const token = (e: HttpEvent) => pathParameter(e, 'token');
const query = (e: HttpEvent) => e.queryStringParameters ?? {};

const survey = async (e: HttpEvent, head: boolean) => respond(surveyResultPage(await openSurvey(ports, token(e), query(e), head), token(e), settings), head);
const unsubscribing = async (e: HttpEvent, method: 'GET' | 'HEAD' | 'POST') =>
  respond(unsubscribeResultPage(await unsubscribe(ports, token(e), method), token(e), settings), method === 'HEAD');
const acknowledging = async (e: HttpEvent, method: 'GET' | 'HEAD' | 'POST') =>
  respond(acknowledgeResultPage(await acknowledge(ports, token(e), method), token(e), settings), method === 'HEAD');

const routes: Record<PublicRoute, (event: HttpEvent) => Promise<HttpResult>> = {
  'GET /s/{token}': (e) => survey(e, false),
  'HEAD /s/{token}': (e) => survey(e, true),
  'POST /s/{token}': async (e) => respond(surveyResultPage(await answerSurvey(ports, token(e), formOf(e)), token(e), settings)),
  'GET /u/{token}': (e) => unsubscribing(e, 'GET'),
  'HEAD /u/{token}': (e) => unsubscribing(e, 'HEAD'),
  'POST /u/{token}': (e) => unsubscribing(e, 'POST'),
  'GET /a/{token}': (e) => acknowledging(e, 'GET'),
  'HEAD /a/{token}': (e) => acknowledging(e, 'HEAD'),
  'POST /a/{token}': (e) => acknowledging(e, 'POST'),
};

export const handler = middy<HttpEvent, HttpResult>()
  .use(withRequestIds())
  .use(httpErrors(PAGE_ANSWERS))
  .handler(async (event) => {
    const route = routes[event.routeKey as PublicRoute];
    if (!route) throw new NotFound(`no route ${event.routeKey}`);
    return route(event);
  });
