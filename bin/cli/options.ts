// Command-line options a user mistyped: say which option is wrong, the closest one that exists and
// every one that does, instead of Node's generic parse error.

/** parseArgs' own errors (unknown option, missing value), told apart from every other failure. */
export function isParseArgsError(error: unknown): error is TypeError & { code: string } {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

/** The option a parseArgs error is about, as typed (`--prot`, `-x`). */
export function optionInError(error: TypeError): string | undefined {
  return /option '(-{1,2}[^' ]+)/i.exec(error.message)?.[1];
}

/** A sentence naming the unknown option, the nearest known one if it is close, and all of them. */
export function describeUnknownOption(given: string, known: readonly string[]): string {
  const nearest = closest(given, known);
  return [
    `unknown option ${given}${nearest ? ` (did you mean ${nearest}?)` : ''}.`,
    known.length > 0 ? `Options here: ${known.join(', ')}.` : 'No options are taken here.',
  ].join(' ');
}

/** The known option within two edits of the given one (a typo or a shortened name), if any. */
export function closest(given: string, known: readonly string[]): string | undefined {
  const name = given.replace(/^-+/, '').split('=')[0] ?? '';
  let best: { option: string; distance: number } | undefined;
  for (const option of known) {
    const candidate = option.replace(/^-+/, '').split(' ')[0] ?? '';
    const distance = candidate.startsWith(name) && name.length >= 2 ? 1 : editDistance(name, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { option: `--${candidate}`, distance };
  }
  return best?.option;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
