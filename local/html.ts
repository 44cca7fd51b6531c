// HTML for the local cloud's own pages: every interpolation is escaped unless it is already SafeHtml,
// so a subject, a name or a reason written by anyone cannot become markup.
import { escapeHtml } from '#domain/email.ts';

const SAFE = Symbol('SafeHtml');

export interface SafeHtml {
  readonly [SAFE]: true;
  readonly text: string;
}

type Part = SafeHtml | string | number | undefined | null | false | readonly Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (typeof part === 'object' && SAFE in part) return part.text;
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): SafeHtml {
  return { [SAFE]: true, text: strings.reduce((out, literal, i) => out + literal + (i < parts.length ? render(parts[i]) : ''), '') };
}

/** A whole local page, with the styles they share. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #1f2933; max-width: 76rem; }
  table { border-collapse: collapse; width: 100%; } td, th { padding: .5rem; border-bottom: 1px solid #d9e2ec; text-align: left; vertical-align: top; }
  .clock { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; } button { font-size: 1rem; padding: .4rem .8rem; }
  small, .muted { color: #52606d; } .reasons { margin: .25rem 0 0; padding-left: 1.1rem; } .reasons li { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 28rem; }
  .fired { background: #f0f4f8; padding: .75rem 1rem; border-radius: 6px; } nav a { margin-right: 1rem; }
  iframe { width: 100%; height: 70vh; border: 1px solid #d9e2ec; } .nowrap { white-space: nowrap; }
</style></head>
<body>
${body}
</body></html>`.text;
}
