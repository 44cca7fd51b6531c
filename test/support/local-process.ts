// `npm start` as a child process for end-to-end tests. Each one leads its own process group, so a
// test can press Ctrl-C the way a terminal does (SIGINT to the whole group) and can always kill the
// whole tree (npm, tsx, node, DynamoDB Local's Java) however the test ended.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface GroupMember {
  pid: number;
  /** The command line. */
  args: string;
}

export interface LocalProcess {
  /** npm's pid, which is also the process group's id. */
  readonly pid: number;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the first output line matching `pattern`; rejects with the output so far on timeout or exit. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Resolves when the process exits; rejects with the output so far on timeout. */
  waitForExit(timeoutMs: number): Promise<Exit>;
  /** Ctrl-C: SIGINT to every process of the group, as a terminal sends it. */
  interrupt(): void;
  /** SIGKILL to every process of the group that is still there. */
  kill(): Promise<void>;
  /** The processes of the group still running (zombies left out). */
  members(): Promise<GroupMember[]>;
}

const started: LocalProcess[] = [];

// Detached groups outlive their parent by design; should the test process end without its afterAll
// (a crash, a timeout), they are killed on the way out all the same.
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const { pid } of started) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/** Runs `npm start -- ...args` from the repository root. */
export function startNpm(args: string[]): LocalProcess {
  const child = spawn('npm', ['start', '--', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('npm start did not start (no pid)');

  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => {
    // 'close' comes after the output pipes are drained, so the output is complete by then.
    child.once('close', (code, signal) => {
      exit = { code, signal };
      for (const listener of listeners) listener();
      resolve(exit);
    });
  });

  const describe = (what: string) => `${what}\n--- output of npm start ${args.join(' ')} ---\n${text}`;

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch (error) {
      // ESRCH: nothing of the group is left.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };

  const handle: LocalProcess = {
    pid,
    output: () => text,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        const fail = (why: string) => finish(() => reject(new Error(describe(why))));
        const check = () => {
          const line = text.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) finish(() => resolve(line));
          else if (exit) fail(`npm start exited (${JSON.stringify(exit)}) before printing a line matching ${pattern}`);
        };
        // Declared before the first check() can call finish().
        const timer = setTimeout(() => fail(`no line matching ${pattern} within ${timeoutMs / 1000} s`), timeoutMs);
        listeners.add(check);
        check();
      });
    },
    waitForExit(timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(describe(`still running after ${timeoutMs / 1000} s`))), timeoutMs);
        void exited.then((result) => {
          clearTimeout(timer);
          resolve(result);
        });
      });
    },
    interrupt: () => signalGroup('SIGINT'),
    members: () => groupMembers(pid),
    async kill() {
      signalGroup('SIGKILL');
      await exited;
    },
  };
  started.push(handle);
  installExitHook();
  return handle;
}

/** Kills every process tree started here; for afterAll, whatever the tests did. */
export async function killAllStarted(): Promise<void> {
  await Promise.all(started.splice(0).map((p) => p.kill()));
}

/** Processes whose process group is `pgid`, from `ps` (Linux and macOS). */
async function groupMembers(pgid: number): Promise<GroupMember[]> {
  const { stdout } = await promisify(execFile)('ps', ['-A', '-ww', '-o', 'pid=', '-o', 'pgid=', '-o', 'stat=', '-o', 'args=']);
  return stdout.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!match || Number(match[2]) !== pgid || match[3]?.startsWith('Z')) return [];
    return [{ pid: Number(match[1]), args: match[4] ?? '' }];
  });
}
