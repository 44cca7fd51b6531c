// Routes of the local cloud itself, beside the product's API: the home page, the virtual clock,
// the kept raw messages, the dead letters.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { createDocumentClient, repositories } from '#adapters/dynamo/index.ts';
import { problemsOf, describeProblem } from '#domain/errors.ts';
import { RISK_LEVELS } from '#domain/model.ts';
import { parseDuration } from './clock.ts';
import type { LocalCloud } from './cloud.ts';
import { managerLink } from '#app/links.ts';
import { keys } from '#handlers/wiring/keys.ts';
import { renderHome, type ClockMove } from './home.ts';
import { renderInbox, renderMessage } from './inbox.ts';
import { send, type LocalRoutes } from './http-api.ts';

const ClockRequest = z
  .strictObject({
    advance: z.string({ error: 'must be a duration such as "35d", "12h" or "90m"' }).optional(),
    set: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 instant such as 2027-01-12T10:00:00Z' }).optional(),
  })
  .refine((body) => (body.advance === undefined) !== (body.set === undefined), {
    error: 'give exactly one of "advance" and "set"',
  });

export function localRoutes(cloud: LocalCloud): LocalRoutes {
  const repos = repositories(createDocumentClient(cloud.dynamo), cloud.tableName);
  /** The last move of the clock made from the home page's buttons, summed up after the redirect. */
  let lastMove: ClockMove | undefined;

  return async (request, response, body) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = request.method ?? 'GET';

    if (path === '/' && (method === 'GET' || method === 'HEAD')) {
      // The accounts that need attention first, each level by renewal date.
      const accounts = await repos.accounts.list([...RISK_LEVELS].reverse());
      const scores = await Promise.all(accounts.map((a) => repos.scores.recent(a.id, 12)));
      const move = url.searchParams.has('moved') ? lastMove : undefined;
      // Each account name opens the page its account manager gets from alerts and the digest.
      const pages = await Promise.all(
        accounts.map((a) => managerLink({ keys: keys() }, { publicUrl: cloud.urls.api }, a.id, a.team.accountManager.email, cloud.clock.now())),
      );
      send(response, 200, renderHome(cloud, accounts, scores, pages, move), 'text/html; charset=utf-8');
      return true;
    }

    if (path === '/local/clock' && method === 'GET') {
      send(response, 200, { now: cloud.clock.now().toISOString() });
      return true;
    }

    if (path === '/local/clock' && method === 'POST') {
      const move = await moveClock(cloud, request, response, body);
      if (move) lastMove = move;
      return true;
    }

    if (path === '/local/mail' && method === 'GET') {
      send(response, 200, { messages: cloud.ses.messages().map(({ keptAt: _, ...message }) => message) });
      return true;
    }

    if (path === '/local/inbox' && method === 'GET') {
      send(response, 200, renderInbox(cloud.ses.messages()), 'text/html; charset=utf-8');
      return true;
    }

    const view = /^\/local\/mail\/([^/]+)\/view$/.exec(path);
    if (view && method === 'GET') {
      const id = decodeURIComponent(view[1] ?? '');
      const raw = cloud.ses.rawMessage(id);
      const meta = raw && cloud.ses.messages().find((m) => m.id === id);
      if (!raw || !meta) send(response, 404, { message: 'No message with that id was sent through this local cloud.' });
      else send(response, 200, await renderMessage(meta, raw), 'text/html; charset=utf-8');
      return true;
    }

    const mail = /^\/local\/mail\/([^/]+)$/.exec(path);
    if (mail && method === 'GET') {
      const raw = cloud.ses.rawMessage(decodeURIComponent(mail[1] ?? ''));
      if (!raw) send(response, 404, { message: 'No message with that id was sent through this local cloud.' });
      else send(response, 200, raw, 'message/rfc822');
      return true;
    }

    const feedback = /^\/local\/mail\/([^/]+)\/(bounce|complaint)$/.exec(path);
    if (feedback && method === 'POST') {
      const messageId = decodeURIComponent(feedback[1] ?? '');
      const tags = cloud.ses.messageTags(messageId);
      if (!tags) {
        send(response, 404, { message: 'No message with that id was sent through this local cloud.' });
        return true;
      }
      await cloud.publishSesEvent(messageId, tags, feedback[2] === 'bounce' ? 'Bounce' : 'Complaint');
      send(response, 200, { message: `${feedback[2]} delivered for ${messageId}` });
      return true;
    }

    if (path === '/local/dead-letters' && method === 'GET') {
      send(response, 200, { scheduler: cloud.scheduler.deadLetters(), functions: cloud.failures, stream: cloud.poller?.failures ?? [] });
      return true;
    }

    if (path === '/local/dead-letters/redrive' && method === 'POST') {
      const redriven = await cloud.redrive();
      await cloud.runUntil(cloud.clock.now());
      // The home page's button: back to the page, which shows what is still waiting.
      if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
        response.writeHead(303, { location: '/' });
        response.end();
        return true;
      }
      send(response, 200, { redriven, message: `${redriven} failed ${redriven === 1 ? 'event was' : 'events were'} handed back to ${redriven === 1 ? 'its function' : 'their functions'}` });
      return true;
    }

    if (path === '/local/schedules' && method === 'GET') {
      send(response, 200, { schedules: cloud.scheduler.schedules() });
      return true;
    }
    return false;
  };
}

/** Moves the clock as asked; answers with what fired, or for the home page's form with a redirect to its summary. */
async function moveClock(cloud: LocalCloud, request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<ClockMove | undefined> {
  const text = body.toString('utf8');
  // The home page's buttons post forms; scripts post JSON (curl -d sends JSON with a form type).
  const fromForm =
    (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') && !text.trimStart().startsWith('{');
  let input: unknown;
  try {
    input = fromForm ? Object.fromEntries(new URLSearchParams(text)) : JSON.parse(text);
  } catch {
    send(response, 400, { message: 'The body must be JSON: {"advance":"35d"} or {"set":"2027-01-12T10:00:00Z"}.' });
    return;
  }
  const parsed = ClockRequest.safeParse(input);
  if (!parsed.success) {
    const problems = problemsOf(parsed.error, input).map(describeProblem);
    send(response, 400, {
      message: `Send {"advance":"35d"} or {"set":"2027-01-12T10:00:00Z"}. ${problems.join('; ')}`.trim(),
    });
    return;
  }
  const now = cloud.clock.now();
  let target: Date;
  if (parsed.data.advance !== undefined) {
    try {
      target = new Date(now.getTime() + parseDuration(parsed.data.advance));
    } catch (error) {
      send(response, 400, { message: `advance: ${(error as Error).message}` });
      return;
    }
  } else {
    target = new Date(parsed.data.set ?? now);
  }
  if (target.getTime() < now.getTime()) {
    send(response, 400, {
      message: `The clock only moves forward: it is ${now.toISOString()}, and ${target.toISOString()} is earlier.`,
    });
    return;
  }
  const sentBefore = new Set(cloud.ses.messages().map((m) => m.id));
  const fired = await cloud.runUntil(target);
  const emails: Record<string, number> = {};
  for (const message of cloud.ses.messages()) {
    if (!sentBefore.has(message.id)) emails[message.kind] = (emails[message.kind] ?? 0) + 1;
  }
  const move: ClockMove = { from: now.toISOString(), now: cloud.clock.now().toISOString(), fired, emails };
  if (fromForm) {
    response.writeHead(303, { location: '/?moved#fired' });
    response.end();
    return move;
  }
  send(response, 200, { from: move.from, now: move.now, fired, emails });
  return move;
}
