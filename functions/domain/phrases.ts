// Words and phrases found in what people write, as whole words with their usual inflections:
// the risk engine's warning words and the comment classifier's word lists share one matcher.

/** One form for what people type: composed accents, and typographic apostrophes as plain ones. */
export function normalizeComment(comment: string): string {
  return comment.normalize('NFC').replace(/[\u2018\u2019\u02bc]/g, "'");
}

const patterns = new Map<string, RegExp>();

/**
 * One case-insensitive pattern for every warning word or phrase, as whole words, with the usual
 * inflections of its last word: cancel → cancels, cancelled, canceling, cancellation; terminate →
 * terminating, termination; bid → bids, bidding, bidder; company → companies. A word must stand
 * alone, so "switchboard", "bidet" and "forbid" do not match "switch" and "bid".
 */
export function warningPattern(words: readonly string[]): RegExp {
  return phrasePattern(words, true);
}

/** The same as `warningPattern`, but each word or phrase exactly as written: "please" is not "pleased". */
export function wordPattern(words: readonly string[]): RegExp {
  return phrasePattern(words, false);
}

function phrasePattern(words: readonly string[], inflect: boolean): RegExp {
  const key = `${inflect ? 'inflected' : 'exact'}\n${words.join('\n')}`;
  let pattern = patterns.get(key);
  if (pattern === undefined) {
    const alternatives = words
      .map((word) => normalizeComment(word).trim().toLowerCase())
      .filter((word) => word !== '')
      .map((word) => (inflect ? inflected(word) : word.split(/\s+/).map(escapeRegExp).join('\\s+')))
      .sort((a, b) => b.length - a.length);
    pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
    patterns.set(key, pattern);
  }
  pattern.lastIndex = 0;
  return pattern;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SUFFIXES = "(?:s|es|ed|d|ing|er|ers|ion|ions|ation|ations|'s)?";

function inflected(phrase: string): string {
  const words = phrase.split(/\s+/);
  const last = words.pop() ?? '';
  const head = words.map(escapeRegExp).join('\\s+');
  const stems = new Set([last]);
  if (/[^aeiou]e$/.test(last)) stems.add(last.slice(0, -1)); // terminate → terminating, termination
  if (/[^aeiou][aeiou][bdglmnprt]$/.test(last)) stems.add(last + last.slice(-1)); // bid → bidding, cancel → cancelled
  const forms = [...stems].map((stem) => `${escapeRegExp(stem)}${SUFFIXES}`);
  if (/[^aeiou]y$/.test(last)) forms.push(`${escapeRegExp(last.slice(0, -1))}(?:ies|ied)`); // company → companies
  const tail = `(?:${forms.join('|')})`;
  return head === '' ? tail : `${head}\\s+${tail}`;
}
