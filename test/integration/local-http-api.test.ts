// The local HTTP API over real HTTP: routed as API Gateway routes (no HEAD → GET fallback), the
// production per-IP limit on the public routes, and local-only routes that a web page cannot drive.
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApi, RATE_LIMITED_STATUS, type HttpApiOptions, type RouteBinding } from '../../local/http-api.ts';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server | undefined;
let port = 0;
const seen: APIGatewayProxyEventV2[] = [];

afterEach(async () => {
  seen.length = 0;
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

/** A route whose handler records the event and answers with its route key. */
const route = (routeKey: string, loopbackOnly = false): RouteBinding => ({
  routeKey,
  functionName: 'test',
  loopbackOnly,
  handler: async () => async (event) => {
    seen.push(event);
    return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: `handled by ${event.routeKey}` };
  },
});

async function start(bindings: RouteBinding[], options: HttpApiOptions = {}): Promise<void> {
  server = createHttpApi(
    bindings,
    async (req, res) => {
      if (req.url !== '/local/clock') return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"local":true}');
      return true;
    },
    options,
  );
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', () => done()));
  port = (server?.address() as AddressInfo).port;
}

function call(method: string, path: string, headers: Record<string, string> = {}, from = '127.0.0.1'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, localAddress: from }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const PUBLIC = ['GET /s/{token}', 'HEAD /s/{token}', 'POST /s/{token}'].map((key) => route(key));
const ADMIN = [route('GET /admin/accounts', true), route('POST /admin/accounts', true)];

describe('routing, as API Gateway routes an HTTP API', () => {
  it('sends HEAD to the declared HEAD route, with no body', async () => {
    await start([...PUBLIC, ...ADMIN]);

    const answer = await call('HEAD', '/s/abc');

    expect(answer.status).toBe(200);
    expect(answer.body).toBe('');
    expect(seen.map((event) => [event.routeKey, event.requestContext.http.method])).toEqual([['HEAD /s/{token}', 'HEAD']]);
  });

  it('answers HEAD with 404 where only GET is declared, never with the GET handler', async () => {
    await start([route('GET /u/{token}')]);

    const answer = await call('HEAD', '/u/abc');

    expect(answer.status).toBe(404);
    expect(seen).toEqual([]);
  });

  it.each([
    ['PUT', '/s/abc'],
    ['GET', '/nothing/here'],
  ])('answers %s %s, which no route declares, {"message":"Not Found"}', async (method, path) => {
    await start([...PUBLIC]);

    const answer = await call(method, path);

    expect([answer.status, answer.body]).toEqual([404, '{"message":"Not Found"}']);
  });

  it('lets an ANY route take the methods no other route of its path declares', async () => {
    await start([route('GET /x/{id}'), route('ANY /x/{id}')]);

    const get = await call('GET', '/x/1');
    const del = await call('DELETE', '/x/1');

    expect([get.body, del.body]).toEqual(['handled by GET /x/{id}', 'handled by ANY /x/{id}']);
  });
});

describe('the per-IP limit of the public routes', () => {
  it('answers 429 past the limit, to that address only, until the window has passed', async () => {
    let now = 1_000_000;
    await start([...PUBLIC, ...ADMIN], { rateLimit: { limit: 3, windowMs: 60_000 }, now: () => now });

    const first = await Promise.all([call('GET', '/s/a'), call('POST', '/s/b'), call('HEAD', '/s/c')]);
    const over = await call('POST', '/s/d');
    const otherAddress = await call('GET', '/s/e', {}, '127.0.0.2');
    const adminMeanwhile = await call('GET', '/admin/accounts');
    now += 60_001;
    const later = await call('GET', '/s/f');

    expect(first.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(over.status).toBe(RATE_LIMITED_STATUS);
    expect(over.body).toMatch(/Too many requests/);
    expect(otherAddress.status).toBe(200);
    expect(adminMeanwhile.status).toBe(200);
    expect(later.status).toBe(200);
    expect(seen.map((event) => event.rawPath)).not.toContain('/s/d');
  });

  it('keeps blocking an address that keeps going, as WAF counts blocked requests too', async () => {
    let now = 0;
    await start([...PUBLIC], { rateLimit: { limit: 2, windowMs: 10_000 }, now: () => now });

    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push((await call('GET', `/s/${i}`)).status);
      now += 3_000;
    }

    expect(statuses).toEqual([200, 200, 429, 429, 429, 429]);
  });

  it('is on by default, at the deployed limit', async () => {
    await start([...PUBLIC]);

    const statuses = new Set<number>();
    for (let i = 0; i < 301; i += 1) statuses.add((await call('HEAD', `/s/${i}`)).status);

    expect([...statuses]).toEqual([200, 429]);
  });
});

describe('local-only routes a web page cannot drive', () => {
  it.each([
    ['the pulse CLI (no Origin, no Sec-Fetch-Site)', {}],
    ['the home page (same origin)', { origin: 'http://127.0.0.1:PORT', 'sec-fetch-site': 'same-origin' }],
    ['a browser opened on localhost', { host: 'localhost:PORT', origin: 'http://localhost:PORT' }],
    ['an address typed in the browser', { 'sec-fetch-site': 'none' }],
  ])('answer %s', async (_, headers) => {
    await start([...ADMIN]);

    const answer = await call('POST', '/admin/accounts', withPort(headers));

    expect(answer.status).toBe(200);
  });

  it.each([
    ['a cross-site fetch or form', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
    ['the inbox on another port', { origin: 'http://127.0.0.1:8005', 'sec-fetch-site': 'same-site' }],
    ['a link or image from another site', { 'sec-fetch-site': 'cross-site' }],
    ['a DNS-rebinding page (its own host name)', { host: 'rebind.evil.example:PORT' }],
    ['a sandboxed page (Origin: null)', { origin: 'null' }],
  ])('refuse %s with 403, before any handler runs', async (_, headers) => {
    await start([...ADMIN]);

    const admin = await call('POST', '/admin/accounts', withPort(headers));
    const local = await call('GET', '/local/clock', withPort(headers));

    expect([admin.status, local.status]).toEqual([403, 403]);
    expect(seen).toEqual([]);
  });

  it('refuse another address even on this machine', async () => {
    await start([...ADMIN]);

    const answer = await call('GET', '/admin/accounts', {}, '127.0.0.2');

    expect(answer.status).toBe(403);
  });

  it('leave the public routes open to links from anywhere (webmail is another site)', async () => {
    await start([...PUBLIC, ...ADMIN]);

    const answer = await call('GET', '/s/abc', { origin: 'https://mail.example', 'sec-fetch-site': 'cross-site', host: 'links.example' });

    expect(answer.status).toBe(200);
  });
});

function withPort(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.replace('PORT', String(port))]));
}
