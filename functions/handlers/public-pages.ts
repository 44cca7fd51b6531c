// Public pages (no auth, throttled): the survey (/s/{token}), unsubscribe (/u/{token}), alert
// acknowledgement (/a/{token}) and manager's account page (/m/{token}) links of the emails. HEAD
// answers like GET and changes nothing.
import middy from '@middy/core';
import { acknowledge } from '#app/acknowledgement.ts';
import { answerSurvey, openSurvey, unsubscribe } from '#app/answers.ts';
import { actOnAccount, openAccountPage, type ManagerResult } from '#app/manager.ts';
import type { PublicRoute } from '#contract/routes.ts';
import { NotFound } from '#domain/errors.ts';
import { config } from './config.ts';
import { bodyText, httpErrors, pathParameter, type HttpEvent, type HttpResult } from './http.ts';
import { withRequestIds } from './log.ts';
import { accountPage } from '#render/account-page.ts';
import { messagePage, PAGE_HEADERS } from '#render/pages.ts';
import { acknowledgeResultPage, PAGE_ANSWERS, refusedPage, respond, surveyResultPage, unsubscribeResultPage } from './pages.ts';
import { keys } from './wiring/keys.ts';
import { basePorts } from './wiring/ports.ts';

// The pages verify links and record answers: they send no email and schedule nothing.
const ports = { ...basePorts(), keys: keys() };
const settings = { companyName: config().COMPANY_NAME, tokenTtlDays: config().TOKEN_TTL_DAYS };
const managerSettings = { defaultTeam: config().DEFAULT_TEAM };

/** A form body (urlencoded), or nothing; values over the page's limits are the use case's to judge. */
function formOf(event: HttpEvent): Record<string, string> {
  const text = bodyText(event);
  return text ? Object.fromEntries(new URLSearchParams(text)) : {};
}

const token = (e: HttpEvent) => pathParameter(e, 'token');
const query = (e: HttpEvent) => e.queryStringParameters ?? {};

const survey = async (e: HttpEvent, head: boolean) => respond(surveyResultPage(await openSurvey(ports, token(e), query(e), head), token(e), settings), head);
const unsubscribing = async (e: HttpEvent, method: 'GET' | 'HEAD' | 'POST') =>
  respond(unsubscribeResultPage(await unsubscribe(ports, token(e), method), token(e), settings), method === 'HEAD');
const acknowledging = async (e: HttpEvent, method: 'GET' | 'HEAD' | 'POST') =>
  respond(acknowledgeResultPage(await acknowledge(ports, token(e), method), token(e), settings), method === 'HEAD');

/** The account page as the use case left it: a page, or after a write a redirect to it (a reload then only reads). */
function managerAnswer(result: ManagerResult, token: string, head = false): HttpResult {
  const action = `/m/${encodeURIComponent(token)}`;
  switch (result.kind) {
    case 'refused':
      return respond(refusedPage(result, { ...settings, tokenTtlDays: config().MANAGER_LINK_DAYS }), head);
    case 'gone':
      return respond(messagePage(410, 'This account is no longer followed', ['It was removed from Partner Pulse, so there is nothing to manage here.']), head);
    case 'not-on-team':
      return respond(
        messagePage(403, 'This link is no longer yours to use', [
          "You are no longer on this account's team, so its page is closed to you. Its account manager can tell you more.",
        ]),
        head,
      );
    case 'done':
      return { statusCode: 303, headers: { ...PAGE_HEADERS, location: `${action}?done=${result.action}` }, body: '' };
    case 'page':
      return respond(
        accountPage({ overview: result.overview, action, viewer: result.viewer, status: result.status, ...(result.notice ? { notice: result.notice } : {}) }),
        head,
      );
  }
}

const managing = async (e: HttpEvent, head: boolean) =>
  managerAnswer(await openAccountPage(ports, managerSettings, token(e), query(e).done), token(e), head);

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
  'GET /m/{token}': (e) => managing(e, false),
  'HEAD /m/{token}': (e) => managing(e, true),
  'POST /m/{token}': async (e) => managerAnswer(await actOnAccount(ports, managerSettings, token(e), formOf(e)), token(e)),
};

export const handler = middy<HttpEvent, HttpResult>()
  .use(withRequestIds())
  .use(httpErrors(PAGE_ANSWERS))
  .handler(async (event) => {
    const route = routes[event.routeKey as PublicRoute];
    if (!route) throw new NotFound(`no route ${event.routeKey}`);
    return route(event);
  });
