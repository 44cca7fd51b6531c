// The one rule for a time zone, wherever one is given: an account's timezone, the deploymentTimezone
// setting (checked at synth), DEPLOYMENT_TIMEZONE at cold start, and the Scheduler emulator's
// ScheduleExpressionTimezone. A zone must be one EventBridge Scheduler and Intl both read the same way:
//   - `UTC`, or
//   - a geographic IANA name, `Area/Location` (`America/Chicago`, `America/Argentina/Buenos_Aires`),
//     whose Area is one of the ten regions of the IANA database, spelt with IANA's capitals, that Intl knows.
// Legacy abbreviations and POSIX-style names (`EST`, `CET`, `EST5EDT`, `US/Eastern`, `Etc/GMT+5`) are
// refused: Intl accepts some of them but they are not the region names operators mean (EST never
// observes daylight saving time; `Etc/GMT+5` is five hours *behind* UTC). Intl's own list
// (Intl.supportedValuesOf) is not used as the rule because it differs between Node versions
// (Node 20 lists `Asia/Calcutta`, not `Asia/Kolkata`), and synth and Lambda may run different ones.
import * as z from './zod.ts';

export const TIMEZONE_AREAS = [
  'Africa',
  'America',
  'Antarctica',
  'Arctic',
  'Asia',
  'Atlantic',
  'Australia',
  'Europe',
  'Indian',
  'Pacific',
] as const;

const GEOGRAPHIC = new RegExp(`^(?:${TIMEZONE_AREAS.join('|')})(?:/[A-Z][A-Za-z0-9_+-]*){1,2}$`);

export const TIMEZONE_RULE = 'must be an IANA timezone such as America/Chicago, Europe/Berlin or UTC';

export function isTimezone(zone: string): boolean {
  if (zone === 'UTC') return true;
  if (!GEOGRAPHIC.test(zone)) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  // Intl reads names case-insensitively; Scheduler does not. `America/ChiCago` resolves to
  // `America/Chicago`; a renamed zone (`Asia/Kolkata` → `Asia/Calcutta`) resolves to another name.
  return resolved === zone || resolved.toLowerCase() !== zone.toLowerCase();
}

export const Timezone = z.string({ error: TIMEZONE_RULE }).check(
  z.refine(isTimezone, { error: (issue) => `${TIMEZONE_RULE}, got ${JSON.stringify(issue.input)}` }),
);
