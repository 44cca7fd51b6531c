// SpamAssassin on a raw message, for deliverability tests: local rules only (`-L`: no DNS
// blocklists, no Razor/Pyzor, which cannot work offline), in test mode (`-t`: the message is echoed
// with the X-Spam-* headers and a report added), with a fresh HOME (SpamAssassin keeps user
// preferences and Bayes state there) and the machine's site configuration as installed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SpamRule {
  name: string;
  points: number;
  description: string;
}

export interface SpamVerdict {
  score: number;
  /** The rules the message hit, as listed in X-Spam-Status. */
  tests: string[];
  /** Points and description per rule, from the report, when SpamAssassin printed one. */
  rules: SpamRule[];
}

export interface SpamAssassinOptions {
  /** @default 60_000 */
  timeoutMs?: number;
  /** @default 'spamassassin' */
  command?: string;
}

const INSTALL_HINT =
  'spamassassin is not installed: CI installs it through .ci/run; on Debian or Ubuntu run `sudo apt-get install spamassassin`';

/** Scores a raw RFC 5322 message. Rejects when spamassassin is missing, fails, times out or prints no verdict. */
export async function spamAssassin(raw: string | Buffer, options: SpamAssassinOptions = {}): Promise<SpamVerdict> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const command = options.command ?? 'spamassassin';
  const home = mkdtempSync(join(tmpdir(), 'pulse-spamassassin-'));
  try {
    const { stdout, stderr, code, signal } = await run(command, ['-t', '-L'], raw, timeoutMs, {
      ...process.env,
      HOME: home,
    });
    if (signal) throw new Error(`spamassassin was stopped (${signal}) after ${timeoutMs} ms without a verdict:\n${stderr}`);
    const verdict = parseSpamAssassinOutput(stdout);
    if (!verdict) {
      throw new Error(`spamassassin (exit ${code}) printed no X-Spam-Status header:\n${stderr}\n${stdout.slice(0, 2000)}`);
    }
    return verdict;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Reads the verdict from `spamassassin -t` output: the X-Spam-Status header (unfolded) and the report's table. */
export function parseSpamAssassinOutput(output: string): SpamVerdict | undefined {
  const headerEnd = output.search(/\r?\n\r?\n/);
  const headers = (headerEnd === -1 ? output : output.slice(0, headerEnd)).replace(/\r?\n[ \t]+/g, ' ');
  const status = /^X-Spam-Status:[ \t]*(.*)$/im.exec(headers)?.[1];
  if (status === undefined) return undefined;
  const score = /\bscore=(-?\d+(?:\.\d+)?)/.exec(status)?.[1];
  if (score === undefined) return undefined;
  const list = /\btests=(.*?)(?:\s+(?:autolearn|autolearn_force|version|shortcircuit)=|$)/.exec(status)?.[1] ?? '';
  const tests = list
    .split(/[\s,]+/)
    .filter((t) => t !== '' && t !== 'none');
  return { score: Number(score), tests, rules: reportRules(output, tests) };
}

/** The report's "pts rule name description" lines, for the rules that X-Spam-Status lists. */
function reportRules(output: string, tests: string[]): SpamRule[] {
  const hit = new Set(tests);
  const rules: SpamRule[] = [];
  for (const match of output.matchAll(/^[ \t]*(-?\d+(?:\.\d+)?)[ \t]+([A-Z0-9_]+)[ \t]+(.*)$/gm)) {
    const [, points = '0', name = '', description = ''] = match;
    if (!hit.has(name) || rules.some((r) => r.name === name)) continue;
    rules.push({ name, points: Number(points), description: description.trim() });
  }
  return rules;
}

/** One line per rule: "  2.7 MISSING_DATE  Missing Date: header", or the bare names when no report was parsed. */
export function describeVerdict(verdict: SpamVerdict): string {
  if (verdict.rules.length === 0) return `score ${verdict.score.toFixed(1)}: ${verdict.tests.join(', ') || 'no rules hit'}`;
  const width = Math.max(...verdict.rules.map((r) => r.name.length));
  const heaviestFirst = [...verdict.rules].sort((a, b) => b.points - a.points);
  return [
    `score ${verdict.score.toFixed(1)}, rules hit:`,
    ...heaviestFirst.map((r) => `  ${r.points.toFixed(1).padStart(5)} ${r.name.padEnd(width)}  ${r.description}`),
  ].join('\n');
}

interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

function run(
  command: string,
  args: string[],
  input: string | Buffer,
  timeoutMs: number,
  env: NodeJS.ProcessEnv,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new Error(INSTALL_HINT) : error);
    });
    child.on('close', (code, signal) => {
      resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), code, signal });
    });
    // A child that exits before reading everything closes stdin early: its verdict (or error) still counts.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
