// HTML for the local cloud's own pages, with the functions' one escaping mechanism (render/html.ts):
// a subject, a name or a reason written by anyone cannot become markup.
import { html, type SafeHtml } from '#render/html.ts';

export { html, type SafeHtml };

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
</body></html>`.toString();
}
