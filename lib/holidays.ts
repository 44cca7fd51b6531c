// The public holidays alerts wait past when the deployment names none: the United States' federal
// holidays, computed by rule at synth for the coming years (a Saturday holiday is observed on the
// Friday before, a Sunday one on the Monday after, as federal offices do).

const pad = (value: number) => String(value).padStart(2, '0');
const iso = (date: Date) => `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;

/** The `nth` (1-based) `weekday` (0 = Sunday) of a month; `nth` -1 is the last one. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): Date {
  if (nth > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1));
    return new Date(Date.UTC(year, month - 1, 1 + ((weekday - first.getUTCDay() + 7) % 7) + (nth - 1) * 7));
  }
  const last = new Date(Date.UTC(year, month, 0));
  return new Date(Date.UTC(year, month - 1, last.getUTCDate() - ((last.getUTCDay() - weekday + 7) % 7)));
}

function observed(year: number, month: number, day: number): Date {
  const date = new Date(Date.UTC(year, month - 1, day));
  const shift = date.getUTCDay() === 6 ? -1 : date.getUTCDay() === 0 ? 1 : 0;
  return new Date(Date.UTC(year, month - 1, day + shift));
}

/** The observed US federal holidays of `year`, as YYYY-MM-DD, in date order. */
export function usFederalHolidays(year: number): string[] {
  return [
    observed(year, 1, 1),
    nthWeekday(year, 1, 1, 3), // Martin Luther King Jr. Day
    nthWeekday(year, 2, 1, 3), // Washington's Birthday
    nthWeekday(year, 5, 1, -1), // Memorial Day
    observed(year, 6, 19),
    observed(year, 7, 4),
    nthWeekday(year, 9, 1, 1), // Labor Day
    nthWeekday(year, 10, 1, 2), // Columbus Day
    observed(year, 11, 11),
    nthWeekday(year, 11, 4, 4), // Thanksgiving
    observed(year, 12, 25),
  ].map(iso);
}

/** The holidays of `years` years from `from`'s year on: a deployment is redeployed well within that. */
export function defaultHolidays(from: Date, years = 3): string[] {
  return Array.from({ length: years }, (_, i) => usFederalHolidays(from.getUTCFullYear() + i)).flat();
}
