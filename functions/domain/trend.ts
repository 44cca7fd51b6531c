// The score trend in words, from the numbers of the last few meetings.
//
// The rule, written once here and tested row by row:
//  1. Take the last TREND_MEETINGS meetings with answers (all of them when there are fewer), oldest
//     first; with fewer than two there is no trend yet ('new').
//  2. Put each meeting's average on 0–100 (1 → 0, the top of the scale → 100), so 1–5 and 1–10
//     accounts read alike.
//  3. Fit a straight line through them by least squares (x = 0, 1, 2, … per meeting) and take the
//     change that line shows from the first meeting of the window to the last: slope × (n − 1).
//  4. A change of STEADY_BAND points or more is rising or falling; less is steady.
//
// Why a fitted line rather than the last two meetings: 3 → 2.5 → 2 → 2 on a 1–5 scale ends flat,
// yet it fell by a quarter of the scale; the line says −26 points, falling. Why not first against
// last: one unusual meeting at either end would decide alone, where the line weighs every meeting.
// With two meetings the line is the difference between them, so the band is the same 5 points
// that `trendOf` in insights.ts uses for the last two meetings.

/** How many of the latest meetings the trend looks at. */
export const TREND_MEETINGS = 4;
/** Points of 0–100 the fitted line must move over the window to be more than steady. */
export const STEADY_BAND = 5;

export type TrendDirection = 'rising' | 'falling' | 'steady' | 'new';

export interface TrendReading {
  direction: TrendDirection;
  /** How many meetings the reading is over (at most TREND_MEETINGS). */
  meetings: number;
  /** The fitted change over the window, on 0–100, rounded to a whole point (0 when 'new'). */
  change: number;
  /** The averages read, oldest first, on the account's scale. */
  averages: number[];
  /** The trend in plain words, e.g. "Falling over the last 4 meetings: 3.0 → 2.5 → 2.0 → 2.0". */
  words: string;
}

/** The wording of each direction; `{meetings}` and `{scores}` are filled in. */
const WORDING: Readonly<Record<TrendDirection, string>> = {
  rising: 'Rising over the last {meetings} meetings: {scores}',
  falling: 'Falling over the last {meetings} meetings: {scores}',
  steady: 'Steady over the last {meetings} meetings: {scores}',
  new: 'First score: {scores}',
};

/**
 * The trend of the meetings' average scores on a 1–`scale` scale, oldest first (one entry per
 * meeting with answers, as `scoresByCycle(...).map((c) => c.average)` gives them).
 */
export function describeTrend(averages: readonly number[], scale: 5 | 10): TrendReading {
  const window = averages.slice(-TREND_MEETINGS);
  const points = window.map((average) => ((average - 1) / (scale - 1)) * 100);
  const change = points.length < 2 ? 0 : slope(points) * (points.length - 1);
  const direction: TrendDirection =
    points.length < 2 ? 'new' : change >= STEADY_BAND ? 'rising' : change <= -STEADY_BAND ? 'falling' : 'steady';
  const scores = window.map((average) => average.toFixed(1)).join(' → ');
  const words =
    window.length === 0
      ? 'No scores yet'
      : WORDING[direction].replace('{meetings}', String(window.length)).replace('{scores}', scores);
  return { direction, meetings: window.length, change: Math.round(change) || 0, averages: [...window], words };
}

/** The least-squares slope of `ys` against x = 0, 1, 2, …. */
function slope(ys: readonly number[]): number {
  const n = ys.length;
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  ys.forEach((y, x) => {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  });
  return covariance / variance;
}
