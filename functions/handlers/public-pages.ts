// Public pages (no auth, throttled): the survey (/s/{token}), unsubscribe (/u/{token}) and alert
// acknowledgement (/a/{token}) links of the emails. HEAD answers like GET and changes nothing.
import middy from '@middy/core';
import { PAGE_HEADERS, messagePage, type Page } from '#render/pages.ts';
import { pathParameter, type HttpEvent, type HttpResult } from './http.ts';
import type { PublicRoute } from '#contract/routes.ts';
import { keys } from './wiring/keys.ts';
import { repositories } from './wiring/repositories.ts';
import { ports, riskUseCases, surveyUseCases } from './wiring/use-cases.ts';

// The pages verify links and record answers: they send no email and schedule nothing.
const deps = ports({ ...repositories(), keys: keys() });
const surveys = surveyUseCases(deps);
const risk = riskUseCases(deps);

/** A form body (urlencoded), or nothing; values over the page's limits are the use case's to judge. */
function formOf(event: HttpEvent): Record<string, string> {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return Object.fromEntries(new URLSearchParams(text));
}

function respond(page: Page, head = false): HttpResult {
  return { statusCode: page.status, headers: PAGE_HEADERS, body: head ? '' : page.html };
}

const routes: Record<PublicRoute, (event: HttpEvent) => Promise<HttpResult>> = {
  'GET /s/{token}': async (e) => respond(await surveys.openSurvey(pathParameter(e, 'token'), e.queryStringParameters ?? {}, false)),
  'HEAD /s/{token}': async (e) =>
    respond(await surveys.openSurvey(pathParameter(e, 'token'), e.queryStringParameters ?? {}, true), true),
  'POST /s/{token}': async (e) => respond(await surveys.answerSurvey(pathParameter(e, 'token'), formOf(e))),
  'GET /u/{token}': async (e) => respond(await surveys.unsubscribe(pathParameter(e, 'token'), 'GET')),
  'HEAD /u/{token}': async (e) => respond(await surveys.unsubscribe(pathParameter(e, 'token'), 'HEAD'), true),
  'POST /u/{token}': async (e) => respond(await surveys.unsubscribe(pathParameter(e, 'token'), 'POST')),
  'GET /a/{token}': async (e) => respond(await risk.acknowledge(pathParameter(e, 'token'), 'GET')),
  'HEAD /a/{token}': async (e) => respond(await risk.acknowledge(pathParameter(e, 'token'), 'HEAD'), true),
  'POST /a/{token}': async (e) => respond(await risk.acknowledge(pathParameter(e, 'token'), 'POST')),
};

export const handler = middy<HttpEvent, HttpResult>().handler(async (event) => {
  const route = routes[event.routeKey as PublicRoute];
  try {
    if (!route) return respond(messagePage(404, 'Page not found', ['This address does not exist.']));
    return await route(event);
  } catch (error) {
    console.error(JSON.stringify({ level: 'ERROR', message: 'public page failed', error: String(error) }));
    return respond(messagePage(500, 'Something went wrong', ['Please try the link again in a minute.']));
  }
});
