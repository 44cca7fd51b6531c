// EventBridge Scheduler's REST API (restJson1) over node:http, so the real SchedulerClient works
// against the emulator. Routes, query names and error shapes follow the SDK's own schema.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { SchedulerApiError, validation } from './errors.ts';
import type { DeadLetter, ScheduleOverview } from './model.ts';
import type { SchedulerService } from './service.ts';
import type { Fields } from './validation.ts';

export interface ApiBackend {
  readonly service: SchedulerService;
  deadLetters(): DeadLetter[];
  schedules(): ScheduleOverview[];
}

/** Request fields straight off the wire; the service checks every one before using it. */
function wire<T>(fields: Fields): T {
  return fields as unknown as T;
}

type Route = (request: { label: string; query: URLSearchParams; body: Fields }) => unknown;

export function createRequestListener(backend: ApiBackend): RequestListener {
  const { service } = backend;
  const routes: Record<string, Record<string, Route>> = {
    '/schedules/{}': {
      POST: ({ label, body }) => service.createSchedule(wire({ ...body, Name: label })),
      GET: ({ label, query }) => service.getSchedule({ Name: label, GroupName: query.get('groupName') ?? undefined }),
      PUT: ({ label, body }) => service.updateSchedule(wire({ ...body, Name: label })),
      DELETE: ({ label, query }) => service.deleteSchedule({ Name: label, GroupName: query.get('groupName') ?? undefined }),
    },
    '/schedules': {
      GET: ({ query }) =>
        service.listSchedules(
          wire({
            GroupName: query.get('ScheduleGroup') ?? undefined,
            NamePrefix: query.get('NamePrefix') ?? undefined,
            State: query.get('State') ?? undefined,
            NextToken: query.get('NextToken') ?? undefined,
            MaxResults: queryInteger(query, 'MaxResults'),
          }),
        ),
    },
    '/schedule-groups/{}': {
      POST: ({ label, body }) => service.createScheduleGroup(wire({ ...body, Name: label })),
      GET: ({ label }) => service.getScheduleGroup({ Name: label }),
      DELETE: ({ label }) => service.deleteScheduleGroup({ Name: label }),
    },
    '/schedule-groups': {
      GET: ({ query }) =>
        service.listScheduleGroups({
          NamePrefix: query.get('NamePrefix') ?? undefined,
          NextToken: query.get('NextToken') ?? undefined,
          MaxResults: queryInteger(query, 'MaxResults'),
        }),
    },
    '/tags/{}': {
      GET: ({ label }) => service.listTagsForResource(label),
      POST: ({ label, body }) => service.tagResource(label, body.Tags),
      DELETE: ({ label, query }) => service.untagResource(label, query.getAll('TagKeys')),
    },
    // Not AWS: what the local cloud shows and tests read.
    '/local/dead-letters': { GET: () => backend.deadLetters() },
    '/local/schedules': { GET: () => backend.schedules() },
  };

  return (request, response) => {
    void handle(request, response, routes);
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  routes: Record<string, Record<string, Route>>,
): Promise<void> {
  try {
    const url = new URL(request.url ?? '/', 'http://scheduler.local');
    const segments = url.pathname.split('/').filter((segment) => segment !== '');
    // Labels are one path segment; the SDK percent-encodes "/" and ":" inside them (tag ARNs).
    const label = segments.length === 2 && segments[0] !== 'local' ? decodeURIComponent(segments[1] ?? '') : undefined;
    const pattern = label === undefined ? url.pathname.replace(/\/+$/, '') : `/${segments[0]}/{}`;
    const operation = routes[pattern]?.[request.method ?? 'GET'];
    if (operation === undefined) {
      send(response, 404, { Message: `No EventBridge Scheduler operation for ${request.method} ${url.pathname}.` }, 'UnknownOperationException');
      return;
    }
    const body = await readJson(request);
    send(response, 200, operation({ label: label ?? '', query: url.searchParams, body }));
  } catch (error) {
    if (error instanceof SchedulerApiError) {
      send(response, error.status, { Message: error.message }, error.type);
    } else {
      send(response, 500, { Message: `The scheduler emulator failed: ${(error as Error).message}` }, 'InternalServerException');
    }
  }
}

function queryInteger(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  if (!/^\d+$/.test(text)) throw validation(`${name} must be a whole number, got ${JSON.stringify(text)}.`);
  return Number(text);
}

async function readJson(request: IncomingMessage): Promise<Fields> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw validation(`The request body is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw validation('The request body must be a JSON object.');
  return parsed as Fields;
}

/** restJson1 carries timestamps as epoch seconds. */
function epochSecondsReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  return original instanceof Date ? original.getTime() / 1000 : value;
}

function send(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const payload = JSON.stringify(errorType === undefined ? body : { __type: errorType, ...(body as object) }, epochSecondsReplacer);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(payload)),
    'x-amzn-requestid': randomUUID(),
  };
  if (errorType !== undefined) headers['x-amzn-errortype'] = errorType;
  response.writeHead(status, headers);
  response.end(payload);
}
