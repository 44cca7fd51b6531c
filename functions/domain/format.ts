// Numbers, dates and amounts in words, defined once for the domain's content and for every renderer.

export const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** "1 answer", "3 answers". */
export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** A calendar date as YYYY-MM-DD. */
export const isoDate = (d: { year: number; month: number; day: number }): string => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

/** "Tuesday, January 12, 2027 at 10:00 AM CST". */
export function meetingTimeInWords(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(instant);
}

/** "Tue, Jan 12, 10:00 AM CST". */
export function shortMeetingTime(instant: Date | string, timezone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(instant));
}

/** "Jan 12, 2027", the day `instant` falls on in `timezone`. */
export function shortDate(instant: Date | string, timezone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: timezone, month: 'short', day: 'numeric', year: 'numeric' }).format(
    new Date(instant),
  );
}

/** A calendar date (YYYY-MM-DD) in words: "Feb 13, 2027". */
export function dateWords(date: string): string {
  return shortDate(`${date}T00:00:00Z`, 'UTC');
}

/** "in 12 days", "tomorrow", "today", "passed 3 days ago". */
export function daysWords(days: number): string {
  if (days > 1) return `in ${days} days`;
  if (days === 1) return 'tomorrow';
  if (days === 0) return 'today';
  return `passed ${plural(-days, 'day', 'days')} ago`;
}

/** An average score shown with one decimal: "6.5 of 10". */
export const averageOf = (average: number, scale: number): string => `${average.toFixed(1)} of ${scale}`;

/** "$4,200". */
export const dollars = (value: number): string => `$${value.toLocaleString('en-US')}`;

/** "$4,200/month". */
export const perMonth = (value: number): string => `${dollars(value)}/month`;

/** A reason as a sentence ending in a full stop. */
export function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
