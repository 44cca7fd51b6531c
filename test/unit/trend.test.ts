import { describe, expect, it } from 'vitest';
import { describeTrend } from '#domain/trend.ts';

describe('describeTrend', () => {
  it.each([
    { name: 'a fall that ends flat is still falling', scale: 5 as const, averages: [3, 2.5, 2, 2], direction: 'falling', change: -26 },
    { name: 'the same fall on 1–10 is falling', scale: 10 as const, averages: [5, 4, 3, 3], direction: 'falling', change: -23 },
    { name: 'a steady run is steady', scale: 5 as const, averages: [4, 4, 4, 4], direction: 'steady', change: 0 },
    { name: 'a wobble around the same score is steady', scale: 10 as const, averages: [8, 8.2, 7.9, 8.1], direction: 'steady', change: 0 },
    { name: 'a rise is rising', scale: 10 as const, averages: [6, 7, 8, 9], direction: 'rising', change: 33 },
    { name: 'a dip and full recovery is steady', scale: 5 as const, averages: [4, 3, 3, 4], direction: 'steady', change: 0 },
    { name: 'one bad meeting at the end is falling', scale: 5 as const, averages: [4, 4, 4, 2], direction: 'falling', change: -45 },
    { name: 'only the last four meetings count', scale: 5 as const, averages: [1, 1, 4, 4, 4, 4], direction: 'steady', change: 0 },
    { name: 'three meetings are read when there are three', scale: 5 as const, averages: [5, 4.5, 4], direction: 'falling', change: -25 },
    { name: 'two meetings 0.2 apart on 1–5 (5 points) are falling', scale: 5 as const, averages: [4.2, 4], direction: 'falling', change: -5 },
    { name: 'two meetings 0.1 apart on 1–5 (2.5 points) are steady', scale: 5 as const, averages: [4.1, 4], direction: 'steady', change: -2 },
    { name: 'two meetings 0.4 apart on 1–10 (4.4 points) are steady', scale: 10 as const, averages: [8, 8.4], direction: 'steady', change: 4 },
    { name: 'two meetings 0.5 apart on 1–10 (5.6 points) are rising', scale: 10 as const, averages: [8, 8.5], direction: 'rising', change: 6 },
    { name: 'one meeting is new', scale: 5 as const, averages: [4], direction: 'new', change: 0 },
    { name: 'no meeting is new', scale: 5 as const, averages: [], direction: 'new', change: 0 },
  ])('$name', ({ scale, averages, direction, change }) => {
    // Act
    const trend = describeTrend(averages, scale);

    // Assess
    expect(trend.direction).toBe(direction);
    expect(trend.change).toBe(change);
  });

  it.each([
    { averages: [3, 2.5, 2, 2], words: 'Falling over the last 4 meetings: 3.0 → 2.5 → 2.0 → 2.0' },
    { averages: [1, 3, 4, 5, 5], words: 'Rising over the last 4 meetings: 3.0 → 4.0 → 5.0 → 5.0' },
    { averages: [4, 4], words: 'Steady over the last 2 meetings: 4.0 → 4.0' },
    { averages: [4], words: 'First score: 4.0' },
    { averages: [], words: 'No scores yet' },
  ])('words $averages as “$words”', ({ averages, words }) => {
    // Act
    const trend = describeTrend(averages, 5);

    // Assess
    expect(trend.words).toBe(words);
  });
});
