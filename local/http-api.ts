// The HTTP API of the local cloud: real HTTP requests become API Gateway HTTP API (payload 2.0)
// events for the same handlers Lambda runs. Admin routes answer loopback clients only.
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

export function createHttpApi(bindings: RouteBinding[], local: LocalRoutes): Server {
  const routes = compileRoutes(bindings);
  return createServer((request, response) => {
    readBody(request)
      .then(async (body) => {
        if (body === undefined) return send(response, 413, { message: 'The request body is too large.' });
        const url = new URL(request.url ?? '/', 'http://localhost');
        const candidates = routes.filter((route) => route.pattern.test(url.pathname));
        const route = candidates.find((c) => c.method === request.method || (request.method === 'HEAD' && c.method === 'GET'));
        if (!route) {
          if (await local(request, response, body)) return;
          if (candidates.length > 0) return send(response, 405, { message: `${request.method} is not allowed on ${url.pathname}` });
          return send(response, 404, { message: 'Not Found' });
        }
        if (route.loopbackOnly && !isLoopback(request.socket.remoteAddress)) {
          return send(response, 403, { message: 'Admin routes answer only on this machine.' });
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

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
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
