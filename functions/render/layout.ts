// The shared frame of every HTML email: table layout with inline styles (renders in Outlook, Gmail
// and Apple Mail), no images, no external assets, readable in dark mode; plus the plain-text sections.
import { html, joinHtml, trustedHtml, type SafeHtml } from './html.ts';

export interface Frame {
  title: string;
  preheader: string;
  body: readonly SafeHtml[];
  /** Plain text lines. */
  footer: readonly string[];
  /** Lines after the text ones (links). */
  footerHtml?: readonly SafeHtml[];
}

const FONT = trustedHtml("font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif");
const NEWLINE = html`\n`;

export function frame({ title, preheader, body, footer, footerHtml = [] }: Frame): SafeHtml {
  const footerLines = [...footer.map((line) => html`${line}`), ...footerHtml];
  return joinHtml(
    [
      html`<!doctype html>`,
      html`<html lang="en"><head><meta charset="utf-8">`,
      html`<meta name="viewport" content="width=device-width,initial-scale=1">`,
      html`<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">`,
      html`<title>${title}</title></head>`,
      html`<body style="margin:0;padding:0;${FONT};color:#1f2933;">`,
      html`<div style="display:none;max-height:0;overflow:hidden;">${preheader}</div>`,
      html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center" style="padding:16px;">`,
      html`<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;">`,
      html`<tr><td style="padding:8px 0 16px 0;"><h1 style="margin:0;font-size:22px;line-height:28px;">${title}</h1></td></tr>`,
      ...body.map((block) => html`<tr><td style="padding:0 0 16px 0;font-size:16px;line-height:24px;">${block}</td></tr>`),
      html`<tr><td style="padding:16px 0 0 0;border-top:1px solid #9aa5b1;font-size:13px;line-height:20px;color:#52606d;">${joinHtml(footerLines, html`<br>`)}</td></tr>`,
      html`</table></td></tr></table></body></html>`,
    ],
    NEWLINE,
  );
}

export function paragraph(text: string): SafeHtml {
  return html`<p style="margin:0 0 8px 0;">${text}</p>`;
}

export function heading(text: string): SafeHtml {
  return html`<h2 style="margin:0 0 8px 0;font-size:18px;line-height:24px;">${text}</h2>`;
}

export function section(title: string, paragraphs: readonly string[], items: readonly string[] = []): SafeHtml {
  return html`${heading(title)}${paragraphs.map(paragraph)}${items.length > 0 ? list(items) : []}`;
}

export function list(items: readonly string[]): SafeHtml {
  return html`<ul style="margin:0 0 8px 0;padding-left:20px;">${items.map((i) => html`<li style="margin:0 0 4px 0;">${i}</li>`)}</ul>`;
}

/** A bar of `units` `#` (20 at most), padded so the figures after it line up. */
export function textBar(units: number): string {
  return '#'.repeat(units).padEnd(20);
}

/** The plain-text part: headings underlined, items as dashes. */
export function textSection(title: string, paragraphs: readonly string[], items: readonly string[] = []): string {
  return [title, '-'.repeat(title.length), ...paragraphs, ...items.map((i) => `- ${i}`)].join('\n');
}
