// How to greet a person the way people would: "Dr. Priya Shah" is "Dr. Shah", "Priya Shah" is
// "Priya", "Sir Ian Hart" is "Sir Ian". A salutation the person gave always wins.

/** How a title is used in a greeting: with the family name (Dr. Shah) or the given name (Sir Ian). */
type TitleUse = 'family' | 'given';

/** Titles people put before their name, keyed by how they may be written (lower case, no dot). */
const TITLES: Readonly<Record<string, { title: string; use: TitleUse }>> = {
  dr: { title: 'Dr', use: 'family' },
  doctor: { title: 'Dr', use: 'family' },
  mr: { title: 'Mr', use: 'family' },
  mrs: { title: 'Mrs', use: 'family' },
  ms: { title: 'Ms', use: 'family' },
  miss: { title: 'Miss', use: 'family' },
  mx: { title: 'Mx', use: 'family' },
  prof: { title: 'Prof', use: 'family' },
  professor: { title: 'Professor', use: 'family' },
  rev: { title: 'Rev', use: 'family' },
  fr: { title: 'Fr', use: 'family' },
  sr: { title: 'Sr', use: 'family' },
  sir: { title: 'Sir', use: 'given' },
  dame: { title: 'Dame', use: 'given' },
};

/** Words before a family name that belong to it: "Dr. Anna van der Berg" is "Dr. van der Berg". */
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'da', 'di', 'du', 'le', 'la', 'bin', 'al', 'st.', 'ter']);

/** Words after a name that are not part of it: "Sam Ito Jr." is "Sam", "Dr. Lee Chan PhD" is "Dr. Chan". */
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'dds', 'esq', 'rn', 'cpa', 'pe', 'mba']);

/** Titles that are whole words, never abbreviations: they never take a dot, whatever the writer typed. */
const WORD_TITLES = new Set(['Miss', 'Professor', 'Sir', 'Dame']);

const bare = (word: string) => word.toLowerCase().replace(/\.+$/, '');

/**
 * The name to greet someone by, or undefined when there is nothing to greet them by (then the
 * message says "Hello," alone). A given `salutation` wins as written. A title keeps the writer's
 * dot ("Dr. Shah", "Ms Park") and never gets two; a first name that is only an initial ("J. Park")
 * is no name to greet by, so the whole name is used.
 */
export function greetingName(person: { name: string; salutation?: string | undefined }): string | undefined {
  const salutation = person.salutation?.replace(/\s+/g, ' ').trim();
  if (salutation) return salutation.replace(/\.{2,}/g, '.');

  // "Shah, Priya" and "Priya Shah, MD": the part after a comma is a given name or letters after it.
  const [main = '', afterComma = ''] = person.name.replace(/\s+/g, ' ').trim().split(/\s*,\s*/);
  let words = main.split(' ').filter((word) => word !== '' && word !== '.');
  if (afterComma !== '' && !SUFFIXES.has(bare(afterComma)) && words.length === 1) words = [...afterComma.split(' '), ...words];
  while (words.length > 1 && SUFFIXES.has(bare(words.at(-1) ?? ''))) words.pop();

  const first = words[0];
  if (first === undefined || first.includes('@')) return undefined;
  const title = TITLES[bare(first)];
  if (title === undefined) return isInitial(first) ? words.join(' ').replace(/\.{2,}/g, '.') : first;

  const rest = words.slice(1);
  const written = /\.$/.test(first) && !WORD_TITLES.has(title.title) ? `${title.title}.` : title.title;
  if (rest.length === 0) return undefined;
  if (title.use === 'given') return isInitial(rest[0] ?? '') ? `${written} ${rest.join(' ')}` : `${written} ${rest[0]}`;
  return `${written} ${familyName(rest)}`;
}

function isInitial(word: string): boolean {
  return /^\p{L}\.?$/u.test(word);
}

function familyName(words: readonly string[]): string {
  let start = words.length - 1;
  while (start > 0 && PARTICLES.has((words[start - 1] ?? '').toLowerCase())) start -= 1;
  return words.slice(start).join(' ');
}
