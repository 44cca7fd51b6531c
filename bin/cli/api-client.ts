// The CLI's way to the admin API: plain HTTP to the local cloud, SigV4-signed requests (IAM auth,
// the default AWS credentials) to a deployed one. The AWS SDK loads only when a deployed API is
// named: a local call stays a fraction of a second.
import type { SignatureV4 } from '@smithy/signature-v4';

/** A failure the user can act on: printed as is, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

interface ApiProblem {
  field: string;
  message: string;
}

export class ApiClient {
  private readonly signer: Promise<SignatureV4> | undefined;

  constructor(
    readonly baseUrl: string,
    region?: string,
  ) {
    const host = new URL(baseUrl).hostname;
    const local = host === '127.0.0.1' || host === 'localhost' || host === '::1';
    this.signer = local ? undefined : signerFor(region ?? process.env.AWS_REGION ?? 'us-east-1');
  }

  /** Reads the API URL from a deployed stack's outputs. */
  static async forStack(stackName: string): Promise<ApiClient> {
    const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
    const cloudFormation = new CloudFormationClient({});
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const url = Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'ApiUrl')?.OutputValue;
    if (!url) throw new CliError(`stack ${stackName} has no ApiUrl output; is it a Partner Pulse stack?`);
    return new ApiClient(url, await cloudFormation.config.region());
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(path.replace(/^\//, ''), this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let headers: Record<string, string> = { accept: 'application/json', host: url.host };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (this.signer) {
      const signed = await (await this.signer).sign({
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
      });
      headers = signed.headers;
    }
    let response: { status: number; text: string };
    try {
      response = await exchange(url, method, headers, payload);
    } catch {
      throw new CliError(
        `cannot reach ${this.baseUrl}. Is the local cloud running (npm start)? For a deployed system use --stack NAME or --api URL.`,
      );
    }
    const { status, text } = response;
    const parsed: unknown = text ? safeJson(text) : undefined;
    if (status < 200 || status > 299) throw new CliError(describeFailure(status, parsed, text));
    return parsed as T;
  }
}

/**
 * One request with node:http(s) rather than fetch: loading fetch's HTTP stack costs about a tenth of a
 * second, a third of what a local call takes in all.
 */
async function exchange(url: URL, method: string, headers: Record<string, string>, payload: string | undefined) {
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const outgoing = request(url, { method, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

async function signerFor(region: string): Promise<SignatureV4> {
  const [{ Sha256 }, { fromNodeProviderChain }, { SignatureV4 }] = await Promise.all([
    import('@aws-crypto/sha256-js'),
    import('@aws-sdk/credential-providers'),
    import('@smithy/signature-v4'),
  ]);
  return new SignatureV4({ service: 'execute-api', region, credentials: fromNodeProviderChain(), sha256: Sha256 });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeFailure(status: number, body: unknown, text: string): string {
  if (body && typeof body === 'object') {
    const { message, problems } = body as { message?: string; problems?: ApiProblem[] };
    if (problems?.length) return problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('\n');
    if (message) return message;
  }
  return `the API answered ${status}: ${text.slice(0, 300)}`;
}
