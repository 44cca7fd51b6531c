// iCalendar (RFC 5545) values written byte by byte: TEXT and parameter escaping, date-time stamps,
// and folding at 75 octets with CRLF line ends. Nothing a value holds can end a content line.
import type { Weekday } from '#domain/model.ts';
import { pad } from '#domain/format.ts';
import { localParts } from '#domain/time.ts';

export const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export const ICAL_WEEKDAY: Record<Weekday, string> = { MON: 'MO', TUE: 'TU', WED: 'WE', THU: 'TH', FRI: 'FR', SAT: 'SA', SUN: 'SU' };

/**
 * A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, every line break (CRLF,
 * CR or LF) written as `\n`, other control characters (which TEXT cannot hold) dropped. Nothing
 * in the result can end the content line, so no input can add a property.
 */
export function escapeText(value: string): string {
  return value.replace(/\r\n|[\r\n\\;,]|[^\P{Cc}\t]/gu, (match) => {
    switch (match) {
      case '\\':
        return '\\\\';
      case ';':
        return '\\;';
      case ',':
        return '\\,';
      case '\r\n':
      case '\r':
      case '\n':
        return '\\n';
      default:
        return '';
    }
  });
}

/**
 * A parameter value (RFC 5545 3.2): a double quote, a caret and a line break use the RFC 6868
 * escapes (`^'`, `^^`, `^n`), other control characters are dropped, and the value is quoted when it
 * holds `:`, `;` or `,`.
 */
export function paramValue(value: string): string {
  const encoded = value.replace(/\r\n|[\r\n"^]|[^\P{Cc}\t]/gu, (match) => {
    switch (match) {
      case '"':
        return "^'";
      case '^':
        return '^^';
      case '\r\n':
      case '\r':
      case '\n':
        return '^n';
      default:
        return '';
    }
  });
  return /[:;,]/.test(encoded) ? `"${encoded}"` : encoded;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function basicStamp(t: WallTime): string {
  return `${pad(t.year, 4)}${pad(t.month)}${pad(t.day)}T${pad(t.hour)}${pad(t.minute)}${pad(t.second)}`;
}

/** `YYYYMMDDTHHMMSSZ` */
export function utcStamp(instant: Date): string {
  return `${basicStamp(wallAtOffset(instant.getTime(), 0))}Z`;
}

/** `YYYYMMDDTHHMMSS`, the wall time in `zone` (for a `TZID=` value). */
export function localStamp(instant: Date, zone: string): string {
  return basicStamp(localParts(instant, zone));
}

export function wallAtOffset(epochMs: number, offsetMin: number): WallTime {
  const shifted = new Date(Math.floor(epochMs / 1000) * 1000 + offsetMin * MINUTE_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

// ---------------------------------------------------------------------------------------------
// Folding (RFC 5545 3.1)

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Folds one content line into physical lines of at most 75 octets (UTF-8), continuation lines
 * starting with a space, joined by CRLF. It splits between characters, never inside one, and
 * never between a backslash and the character it escapes.
 */
export function foldLine(line: string): string {
  const units: string[] = [];
  let pendingBackslash = false;
  for (const char of line) {
    if (pendingBackslash) {
      units[units.length - 1] += char;
      pendingBackslash = false;
    } else {
      units.push(char);
      pendingBackslash = char === '\\';
    }
  }
  const physical: string[] = [];
  let current = '';
  let octets = 0;
  for (const unit of units) {
    let size = 0;
    for (const char of unit) size += utf8Length(char.codePointAt(0) ?? 0);
    if (octets + size > MAX_LINE_OCTETS) {
      physical.push(current);
      current = ' ';
      octets = 1;
    }
    current += unit;
    octets += size;
  }
  physical.push(current);
  return physical.join(CRLF);
}
