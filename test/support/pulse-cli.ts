// Runs the real `pulse` command (bin/pulse.js) in a child process, as an operator would.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PULSE = fileURLToPath(new URL('../../bin/pulse.js', import.meta.url));

export interface CliResult {
  /** The exit code. */
  code: number;
  stdout: string;
  stderr: string;
}

/** Resolves with whatever exit code the command ends with; rejects only when it cannot run or hangs. */
export function runPulse(args: string[], timeoutMs = 30_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [PULSE, ...args],
      { cwd: REPO_ROOT, env: { ...process.env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ code: 0, stdout, stderr });
        } else if (typeof error.code === 'number' && !error.killed) {
          resolve({ code: error.code, stdout, stderr });
        } else {
          reject(new Error(`pulse ${args.join(' ')} did not finish: ${error.message}\nstdout: ${stdout}\nstderr: ${stderr}`));
        }
      },
    );
  });
}
