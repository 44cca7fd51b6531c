// Bar charts for emails as nested table cells (Outlook and Gmail draw these; images and SVG they may
// not). Sized to fit a 375 px phone: label, bar and figure on one line, never wrapped.
import { scoreBand, type ScoreBand } from '#domain/digest.ts';
import { html, type SafeHtml } from './html.ts';
import { textStyle } from './layout.ts';

/** The widest bar, in px: with a 10-character label and "10 / 10" it fits 343 px (375 less the margins). */
export const BAR_MAX_WIDTH = 160;

/** A bar's colour follows the band of the score it shows: red for the lowest, green for the highest. */
export const BAND_COLOURS: Record<ScoreBand, string> = {
  '0–40': '#c53030',
  '41–60': '#dd6b20',
  '61–80': '#d69e2e',
  '81–100': '#38a169',
};

export function scoreColour(normalized: number): string {
  return BAND_COLOURS[scoreBand(normalized)];
}

export interface Bar {
  label: string;
  /** 0 to 1 of the widest bar. */
  fraction: number;
  colour: string;
  value: string;
}

export function barChart(bars: readonly Bar[]): SafeHtml {
  return html`<table role="presentation" cellpadding="0" cellspacing="0" border="0">${bars.map(barRow)}</table>`;
}

function barRow({ label, fraction, colour, value }: Bar): SafeHtml {
  const width = Math.max(2, Math.round(Math.min(1, Math.max(0, fraction)) * BAR_MAX_WIDTH));
  const cell = textStyle(13, 18);
  // Outlook for Windows ignores white-space: the `nowrap` attribute and no-break spaces keep each figure on one line there too.
  const [unbrokenLabel, unbrokenValue] = [label, value].map((text) => text.replace(/ /g, '\u00a0'));
  return html`<tr><td class="pp-text" nowrap style="padding:2px 8px 2px 0;${cell}">${unbrokenLabel ?? label}</td><td nowrap style="padding:2px 0;"><table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td width="${width}" height="14" bgcolor="${colour}" style="background-color:${colour};width:${width}px;height:14px;font-size:1px;line-height:1px;mso-line-height-rule:exactly;">&nbsp;</td><td class="pp-text" nowrap style="padding-left:6px;${cell}">${unbrokenValue ?? value}</td></tr></table></td></tr>`;
}
