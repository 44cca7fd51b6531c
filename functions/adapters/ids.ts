import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function randomText(length: number): string {
  const bytes = randomBytes(length);
  let text = '';
  for (const byte of bytes) text += ALPHABET[byte % 32];
  return text;
}

/** A short random suffix for readable ids such as `acme-tower-7k2f`. */
export function shortSuffix(): string {
  return randomText(4);
}

/** A time-ordered id: sorts by creation time, then randomly. */
export function newId(now: Date = new Date()): string {
  return now.getTime().toString(32).padStart(9, '0') + randomText(8);
}
