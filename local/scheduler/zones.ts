// Wall-clock arithmetic in IANA time zones, on top of Intl (no date library). The scheduler needs
// it to read at() times as local time and to apply AWS's daylight-saving rules to cron schedules.

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** How a local wall-clock time maps onto instants on a given day. */
export type LocalResolution =
  | { kind: 'single'; at: number }
  /** Fall-back: the time happens twice. */
  | { kind: 'ambiguous'; earlier: number; later: number }
  /** Spring-forward: the time never happens. */
  | { kind: 'gap' };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function wallClock(instant: number, timeZone: string): WallClock {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 0,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

function wallClockAsUtc(clock: WallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
}

/** Local time minus UTC at `instant`, in ms (e.g. -5 h for Chicago in summer). */
export function utcOffsetMs(instant: number, timeZone: string): number {
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  return wallClockAsUtc(wallClock(wholeSecond, timeZone)) - wholeSecond;
}

export function resolveLocalTime(clock: WallClock, timeZone: string): LocalResolution {
  const asUtc = wallClockAsUtc(clock);
  // Every offset in force within a day either side covers any transition affecting this time.
  const offsets = new Set([-86_400_000, 0, 86_400_000].map((shift) => utcOffsetMs(asUtc + shift, timeZone)));
  const instants = [...offsets]
    .map((offset) => asUtc - offset)
    .filter((candidate) => utcOffsetMs(candidate, timeZone) === asUtc - candidate)
    .sort((a, b) => a - b);
  const [first, second] = [...new Set(instants)];
  if (first === undefined) return { kind: 'gap' };
  if (second === undefined) return { kind: 'single', at: first };
  return { kind: 'ambiguous', earlier: first, later: second };
}

/**
 * True when `instant` is the second pass through a local time repeated by a fall-back
 * transition (e.g. 01:30 CST on the day Chicago leaves daylight time, after 01:30 CDT).
 */
export function isRepeatedLocalTime(instant: number, timeZone: string): boolean {
  const offsetNow = utcOffsetMs(instant, timeZone);
  // No zone shifts its clocks twice within three hours, and no shift exceeds two hours.
  const offsetBefore = utcOffsetMs(instant - 3 * 3_600_000, timeZone);
  const shift = offsetBefore - offsetNow;
  if (shift <= 0) return false;
  return utcOffsetMs(instant - shift, timeZone) === offsetBefore;
}
