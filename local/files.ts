// Files of the local cloud's state under .pulse/.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes through a temporary file and a rename, so a crash never leaves half a file behind. */
export function writeFileAtomically(file: string, content: string, options: { mode?: number } = {}): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, options.mode === undefined ? {} : { mode: options.mode });
  renameSync(temporary, file);
}

/**
 * A state file's JSON object, or undefined when there is no file yet. Anything else is an error made
 * by `corrupt`, which tells the person which file and how to start afresh.
 */
export function readJsonObject(file: string, corrupt: (why: string) => Error): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw corrupt(`not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw corrupt('expected a JSON object');
  return parsed as Record<string, unknown>;
}
