// Everything a person reads lives in functions/render/: this is where to change an email's text, a
// page or the calendar invitation; functions/domain/ decides what to say as data, never as markup.
// HTML is built only with the `html` tag below, which escapes every interpolation; a SafeHtml is the
// only thing nested unescaped, so text from a customer can never become markup.

// Only `html`, `joinHtml` and `trustedHtml` create a SafeHtml: the constructor is private.
let make: (markup: string) => SafeHtml;

/** HTML that is safe to send: built by `html`, or a constant the code itself holds (`trustedHtml`). */
export class SafeHtml {
  readonly #html: string;

  private constructor(markup: string) {
    this.#html = markup;
  }

  static {
    make = (markup) => new SafeHtml(markup);
  }

  toString(): string {
    return this.#html;
  }
}

/** What may go between `${…}`: text and numbers are escaped; SafeHtml (alone or in an array) is kept. */
export type HtmlValue = string | number | boolean | SafeHtml | readonly SafeHtml[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and for quoted attribute values alike. */
function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

// Checked at run time too: a value cast past the compiler is escaped, never trusted.
function piece(value: unknown): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(piece).join('');
  return escape(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += piece(value) + (strings[i + 1] ?? '');
  });
  return make(out);
}

export function joinHtml(parts: readonly SafeHtml[], separator: SafeHtml = make('')): SafeHtml {
  return make(parts.map(String).join(separator.toString()));
}

/**
 * Markup the code holds as a constant (a style sheet, a script whose hash the CSP allows), never
 * anything read from input: it is passed through as it is.
 */
export function trustedHtml(constant: string): SafeHtml {
  return make(constant);
}
