// The shared frame of every HTML email: table layout with inline styles (renders in Outlook, Gmail
// and Apple Mail), no images, no external assets; plus the plain-text sections.
// Dark mode is declared, so it is supported in full: every element that has a colour inline has a
// class the dark style sheet recolours (clients that honour `color-scheme` draw their own dark
// canvas, so an inline light-only colour would be dark text on dark). Fonts are set on the cells,
// since Outlook for Windows ignores the font of <body> and falls back to Times New Roman.
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

/** Every colour an email uses, light and dark. Contrast of text on its background is 4.5:1 or more in both. */
export const PALETTE = {
  light: { background: '#ffffff', text: '#1f2933', muted: '#52606d', link: '#1d4ed8', rule: '#9aa5b1', faint: '#e4e7eb' },
  dark: { background: '#111827', text: '#e4e7eb', muted: '#bcccdc', link: '#93b4ff', rule: '#52606d', faint: '#323f4b' },
  /** The button is the same in both modes: white on blue, 6.7:1. */
  button: { background: '#1d4ed8', text: '#ffffff' },
} as const;

const { light, dark, button: BUTTON } = PALETTE;

/** Font declarations for a cell (Outlook for Windows reads them only there). */
export const FONT = trustedHtml("font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif");

// `[data-ogsc]`/`[data-ogsb]` are what the Outlook apps put on an email they draw dark; the media
// query is Apple Mail, iOS Mail and the other clients that honour prefers-color-scheme.
const DARK_RULES = [
  `.pp-bg{background-color:${dark.background} !important}`,
  `.pp-text{color:${dark.text} !important}`,
  `.pp-muted{color:${dark.muted} !important}`,
  `.pp-link{color:${dark.link} !important}`,
  `.pp-rule{border-color:${dark.rule} !important}`,
  `.pp-faint{border-color:${dark.faint} !important}`,
  `.pp-button{background-color:${BUTTON.background} !important}`,
  `.pp-button-text{color:${BUTTON.text} !important}`,
];
const ogsc = (rule: string) => rule.replace(/^\./, rule.includes('background') ? '[data-ogsb] .' : '[data-ogsc] .');
const STYLE = trustedHtml(
  [
    ':root{color-scheme:light dark;supported-color-schemes:light dark}',
    `@media (prefers-color-scheme:dark){${DARK_RULES.join('')}}`,
    DARK_RULES.map(ogsc).join(''),
    '@media (max-width:480px){.pp-outer{padding:12px !important}}',
  ].join('\n'),
);

/** Style of a text cell: font, size and colour (class `pp-text` for dark mode). */
export function textStyle(size: number, lineHeight: number): SafeHtml {
  return html`${FONT};font-size:${size}px;line-height:${lineHeight}px;color:${light.text};`;
}

const NEWLINE = html`\n`;

export function frame({ title, preheader, body, footer, footerHtml = [] }: Frame): SafeHtml {
  const footerLines = [...footer.map((line) => html`${line}`), ...footerHtml];
  return joinHtml(
    [
      html`<!doctype html>`,
      html`<html lang="en"><head><meta charset="utf-8">`,
      html`<meta name="viewport" content="width=device-width,initial-scale=1">`,
      html`<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">`,
      html`<title>${title}</title>`,
      html`<style>${STYLE}</style></head>`,
      html`<body class="pp-bg" style="margin:0;padding:0;background-color:${light.background};">`,
      html`<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;">${preheader}</div>`,
      html`<table role="presentation" class="pp-bg" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${light.background}" style="background-color:${light.background};"><tr><td class="pp-outer" align="center" style="padding:16px;">`,
      html`<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;">`,
      html`<tr><td class="pp-text" style="padding:8px 0 16px 0;${textStyle(22, 28)}"><h1 class="pp-text" style="margin:0;${textStyle(22, 28)}font-weight:700;">${title}</h1></td></tr>`,
      ...body.map((block) => html`<tr><td class="pp-text" style="padding:0 0 16px 0;${textStyle(16, 24)}">${block}</td></tr>`),
      html`<tr><td class="pp-muted pp-rule" style="padding:16px 0 0 0;border-top:1px solid ${light.rule};${FONT};font-size:13px;line-height:20px;color:${light.muted};">${joinHtml(footerLines, html`<br>`)}</td></tr>`,
      html`</table></td></tr></table></body></html>`,
    ],
    NEWLINE,
  );
}

export function paragraph(text: string): SafeHtml {
  return html`<p class="pp-text" style="margin:0 0 8px 0;${textStyle(16, 24)}">${text}</p>`;
}

export function heading(text: string): SafeHtml {
  return html`<h2 class="pp-text" style="margin:0 0 8px 0;${textStyle(18, 24)}font-weight:700;">${text}</h2>`;
}

export function section(title: string, paragraphs: readonly string[], items: readonly string[] = []): SafeHtml {
  return html`${heading(title)}${paragraphs.map(paragraph)}${items.length > 0 ? list(items) : []}`;
}

export function list(items: readonly string[]): SafeHtml {
  return html`<ul style="margin:0 0 8px 0;padding-left:20px;">${items.map((i) => html`<li class="pp-text" style="margin:0 0 4px 0;${textStyle(16, 24)}">${i}</li>`)}</ul>`;
}

/** A link in the running text (`muted` for the footer's). */
export function link(href: string, label: string, muted = false): SafeHtml {
  return html`<a href="${href}" class="${muted ? 'pp-muted' : 'pp-link'}" style="color:${muted ? light.muted : light.link};text-decoration:underline;">${label}</a>`;
}

/**
 * A "bulletproof" button: the cell carries the colour and the 48 px height, so Outlook for Windows
 * (which ignores padding and display on links) still draws the box; elsewhere the link fills the
 * cell, so the whole box is the tap target.
 */
export function buttonCell(href: string, label: string | SafeHtml, options: { ariaLabel?: string; width?: number; fontSize?: number } = {}): SafeHtml {
  const fontSize = options.fontSize ?? 16;
  const aria = options.ariaLabel === undefined ? [] : html` aria-label="${options.ariaLabel}"`;
  const width = options.width === undefined ? [] : html` width="${options.width}"`;
  return html`<td class="pp-button" align="center" valign="middle" height="48"${width} bgcolor="${BUTTON.background}" style="height:48px;background-color:${BUTTON.background};border-radius:6px;${FONT};font-size:${fontSize}px;line-height:20px;"><a href="${href}" class="pp-button-text"${aria} style="display:block;padding:14px 20px;${FONT};font-size:${fontSize}px;line-height:20px;font-weight:700;color:${BUTTON.text};text-decoration:none;">${label}</a></td>`;
}

/** One button on its own row. */
export function button(href: string, label: string | SafeHtml): SafeHtml {
  return html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:16px 0;"><tr>${buttonCell(href, label)}</tr></table>`;
}

/** A bar of `units` `#` (20 at most), padded so the figures after it line up. */
export function textBar(units: number): string {
  return '#'.repeat(units).padEnd(20);
}

/** The plain-text part: headings underlined, items as dashes. */
export function textSection(title: string, paragraphs: readonly string[], items: readonly string[] = []): string {
  return [title, '-'.repeat(title.length), ...paragraphs, ...items.map((i) => `- ${i}`)].join('\n');
}
