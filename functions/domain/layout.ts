// The shared frame of every HTML email: table layout with inline styles (renders in Outlook, Gmail
// and Apple Mail), no images, no external assets, readable in dark mode. Every value put into it
// must already be escaped; `section` and `list` escape what they are given.
import { escapeHtml } from './email.ts';

export interface Frame {
  title: string;
  preheader: string;
  /** Pre-escaped HTML blocks. */
  body: string[];
  /** Plain text lines; escaped here. */
  footer: string[];
  /** Pre-escaped HTML lines after the text ones (links). */
  footerHtml?: string[];
}

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

export function frame({ title, preheader, body, footer, footerHtml = [] }: Frame): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body style="margin:0;padding:0;${FONT};color:#1f2933;">`,
    `<div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(preheader)}</div>`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center" style="padding:16px;">',
    '<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;">',
    `<tr><td style="padding:8px 0 16px 0;"><h1 style="margin:0;font-size:22px;line-height:28px;">${escapeHtml(title)}</h1></td></tr>`,
    ...body.map((block) => `<tr><td style="padding:0 0 16px 0;font-size:16px;line-height:24px;">${block}</td></tr>`),
    `<tr><td style="padding:16px 0 0 0;border-top:1px solid #9aa5b1;font-size:13px;line-height:20px;color:#52606d;">${[...footer.map(escapeHtml), ...footerHtml].join('<br>')}</td></tr>`,
    '</table></td></tr></table></body></html>',
  ].join('\n');
}

export function paragraph(text: string): string {
  return `<p style="margin:0 0 8px 0;">${escapeHtml(text)}</p>`;
}

export function section(heading: string, paragraphs: string[], items: string[] = []): string {
  return [
    `<h2 style="margin:0 0 8px 0;font-size:18px;line-height:24px;">${escapeHtml(heading)}</h2>`,
    ...paragraphs.map(paragraph),
    items.length > 0 ? list(items) : '',
  ].join('');
}

export function list(items: string[]): string {
  return `<ul style="margin:0 0 8px 0;padding-left:20px;">${items.map((i) => `<li style="margin:0 0 4px 0;">${escapeHtml(i)}</li>`).join('')}</ul>`;
}

/** The plain-text part: headings underlined, items as dashes. */
export function textSection(heading: string, paragraphs: string[], items: string[] = []): string {
  return [heading, '-'.repeat(heading.length), ...paragraphs, ...items.map((i) => `- ${i}`)].join('\n');
}
