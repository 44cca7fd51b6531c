// Files of the local cloud's state under .pulse/.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes through a temporary file and a rename, so a crash never leaves half a file behind. */
export function writeFileAtomically(file: string, content: string, options: { mode?: number } = {}): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, options.mode === undefined ? {} : { mode: options.mode });
  renameSync(temporary, file);
}
