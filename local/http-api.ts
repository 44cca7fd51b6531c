// The HTTP API of the local cloud: real HTTP requests become API Gateway HTTP API (payload 2.0)
// events for the same handlers Lambda runs, routed as API Gateway routes them: an exact method and
// path, else nothing (HEAD never falls back to GET; a method no route declares is a 404).
// The public routes carry the production per-IP rate limit (AWS WAF in front of the API, see
// lib/constructs/edge.ts). Everything else (admin routes, the local cloud's own routes and pages)
// answers only this machine's own tools: loopback clients, a Host of 127.0.0.1 or localhost on this
// port (no DNS rebinding), and no request a browser marks as coming from another site.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { lambdaContext } from './lambda.ts';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface RouteBinding {
  /** An API Gateway route key, e.g. `GET /admin/accounts/{id}`. */
  routeKey: string;
  functionName: string;
  handler: () => Promise<HttpHandler>;
  loopbackOnly?: boolean;
}

/** Extra routes of the local cloud itself; true when it answered the request. */
export type LocalRoutes = (request: IncomingMessage, response: ServerResponse, body: Buffer) => Promise<boolean>;

interface CompiledRoute extends RouteBinding {
  method: string;
  pattern: RegExp;
  names: string[];
}

const MAX_BODY = 1024 * 1024;

export interface RateLimit {
  /** Requests one client IP may make in `windowMs`. */
  limit: number;
  windowMs: number;
}

/** The deployed default (lib/config.ts DEFAULT_PUBLIC_RATE_LIMIT per 5 minutes); test/infra checks they agree. */
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 300, windowMs: 300_000 };

/** What AWS WAF answers a client over its limit (lib/constructs/edge.ts). */
export const RATE_LIMITED_STATUS = 429;
const RATE_LIMITED_MESSAGE = 'Too many requests from your network. Please wait a few minutes and try again.';

export interface HttpApiOptions {
  /**
   * Per-IP limit on the public routes, as AWS WAF applies it. `false` for none (benchmarks that play
   * thousands of customers from one address).
   * @default DEFAULT_RATE_LIMIT
   */
  rateLimit?: RateLimit | false;
  /** Milliseconds since the epoch: real time, like WAF's, never the virtual clock. @default Date.now */
  now?: () => number;
}

export function compileRoutes(bindings: RouteBinding[]): CompiledRoute[] {
  return bindings.map((binding) => {
    const [method = '', path = ''] = binding.routeKey.split(' ');
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        const name = /^\{(\w+)\}$/.exec(segment)?.[1];
        if (!name) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(name);
        return '([^/]+)';
      })
      .join('/');
    return { ...binding, method, pattern: new RegExp(`^${source}$`), names };
  });
}

export function createHttpApi(bindings: RouteBinding[], local: LocalRoutes, options: HttpApiOptions = {}): Server {
  const routes = compileRoutes(bindings);
  const limiter = options.rateLimit === false ? undefined : new PerIpLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, options.now ?? Date.now);
  return createServer((request, response) => {
    readBody(request)
      .then(async (body) => {
        if (body === undefined) return send(response, 413, { message: 'The request body is too large.' });
        const url = new URL(request.url ?? '/', 'http://localhost');
        const route = matchRoute(routes, request.method ?? 'GET', url.pathname);
        const isPublic = route !== undefined && !route.loopbackOnly;
        const publicPath = routes.some((candidate) => !candidate.loopbackOnly && candidate.pattern.test(url.pathname));
        if (!publicPath) {
          const refusal = localOnlyRefusal(request);
          if (refusal) return send(response, 403, { message: refusal });
        }
        if (!route) {
          if (await local(request, response, body)) return;
          // API Gateway's answer to a path or method no route declares.
          return send(response, 404, { message: 'Not Found' });
        }
        if (isPublic && limiter && !limiter.allow(request.socket.remoteAddress ?? '')) {
          return send(response, RATE_LIMITED_STATUS, RATE_LIMITED_MESSAGE, 'text/plain; charset=utf-8');
        }
        const match = route.pattern.exec(url.pathname);
        const pathParameters = Object.fromEntries(route.names.map((name, i) => [name, match?.[i + 1] ?? '']));
        const event = toEvent(request, url, route.routeKey, pathParameters, body);
        const handler = await route.handler();
        const result = await handler(event, lambdaContext(route.functionName));
        writeResult(response, result, request.method === 'HEAD');
      })
      .catch((error: unknown) => {
        console.error(`local API: ${String(error)}`);
        if (!response.headersSent) send(response, 502, { message: 'The handler failed; see the terminal for details.' });
        else response.end();
      });
  });
}

/**
 * API Gateway's route selection for an HTTP API: a route with the request's method and path, else one
 * with ANY. No other fallback: HEAD reaches only a declared `HEAD /path` route.
 */
export function matchRoute<T extends { method: string; pattern: RegExp }>(routes: readonly T[], method: string, path: string): T | undefined {
  const candidates = routes.filter((route) => route.pattern.test(path));
  return candidates.find((route) => route.method === method) ?? candidates.find((route) => route.method === 'ANY');
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Why a request to a local-only route is refused, or undefined when it comes from this machine's own
 * tools (the pulse CLI, tests, the home page). A web page elsewhere can make the developer's browser
 * send requests here: a cross-site one carries `Sec-Fetch-Site: cross-site` or a foreign `Origin`,
 * and a DNS-rebinding one a foreign `Host`.
 */
export function localOnlyRefusal(request: IncomingMessage): string | undefined {
  if (!isLoopback(request.socket.remoteAddress)) return 'This route answers only on this machine.';
  const port = request.socket.localPort;
  const allowedHosts = new Set(LOCAL_HOSTS.map((host) => `${host}:${port}`));
  const host = headerValue(request, 'host')?.toLowerCase();
  if (host === undefined || !allowedHosts.has(host)) {
    return `This route answers only requests addressed to 127.0.0.1:${port} or localhost:${port}.`;
  }
  // Browsers send Origin with every request that can change something (and with cross-origin reads);
  // another port of this machine (the inbox) is another origin too.
  const origin = headerValue(request, 'origin')?.toLowerCase();
  const sameOrigin = origin !== undefined && origin.startsWith('http://') && allowedHosts.has(origin.slice('http://'.length));
  if (origin !== undefined && !sameOrigin) return 'This route does not answer requests from other sites.';
  // A plain link or image from another site carries no Origin, but this.
  if (headerValue(request, 'sec-fetch-site')?.toLowerCase() === 'cross-site') return 'This route does not answer requests from other sites.';
  return undefined;
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** WAF's rate-based rule: requests per IP over a sliding window, blocked ones counted too. */
class PerIpLimiter {
  private readonly seen = new Map<string, number[]>();
  private sweptAt = 0;

  constructor(
    private readonly rate: RateLimit,
    private readonly now: () => number,
  ) {}

  allow(ip: string): boolean {
    const now = this.now();
    const since = now - this.rate.windowMs;
    if (now - this.sweptAt > this.rate.windowMs) this.sweep(since, now);
    const times = (this.seen.get(ip) ?? []).filter((time) => time > since);
    times.push(now);
    // Past the limit only the newest `limit + 1` matter: the client stays blocked while it keeps going.
    this.seen.set(ip, times.length > this.rate.limit + 1 ? times.slice(-(this.rate.limit + 1)) : times);
    return times.length <= this.rate.limit;
  }

  private sweep(since: number, now: number): void {
    for (const [ip, times] of this.seen) if (!times.some((time) => time > since)) this.seen.delete(ip);
    this.sweptAt = now;
  }
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const TEXTUAL = /^(text\/|application\/(json|x-www-form-urlencoded|xml))/;

function toEvent(
  request: IncomingMessage,
  url: URL,
  routeKey: string,
  pathParameters: Record<string, string>,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const textual = TEXTUAL.test(headers['content-type'] ?? 'text/plain');
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(request.headers.cookie ? { cookies: request.headers.cookie.split(/;\s*/) } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !textual,
  };
}

function writeResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2, head: boolean): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(head ? undefined : body);
}

export function send(response: ServerResponse, status: number, body: unknown, contentType = 'application/json; charset=utf-8'): void {
  response.writeHead(status, { 'content-type': contentType });
  response.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}
