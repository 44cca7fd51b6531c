import { describe, expect, it } from 'vitest';
import { greetingName } from '#domain/names.ts';

describe('greetingName', () => {
  it.each([
    { name: 'Dr. Priya Shah', greeting: 'Dr. Shah' },
    { name: 'Dr Priya Shah', greeting: 'Dr Shah' },
    { name: 'dr. priya shah', greeting: 'Dr. shah' },
    { name: 'Doctor Priya Shah', greeting: 'Dr Shah' },
    { name: 'Dr.. Priya Shah', greeting: 'Dr. Shah' },
    { name: 'Priya Shah', greeting: 'Priya' },
    { name: '  Priya   Shah  ', greeting: 'Priya' },
    { name: 'Priya', greeting: 'Priya' },
    { name: 'Ms Jo Park', greeting: 'Ms Park' },
    { name: 'Ms. Jo Park', greeting: 'Ms. Park' },
    { name: 'Mrs. Ana María López García', greeting: 'Mrs. García' },
    { name: 'Mr. Sam Ito Jr.', greeting: 'Mr. Ito' },
    { name: 'Sam Ito Jr.', greeting: 'Sam' },
    { name: 'Prof. Lee Chan, PhD', greeting: 'Prof. Chan' },
    { name: 'Dr. Anna van der Berg', greeting: 'Dr. van der Berg' },
    { name: 'Sir Ian Hart', greeting: 'Sir Ian' },
    { name: 'Miss. Rose Tan', greeting: 'Miss Tan' },
    { name: 'J. Park', greeting: 'J. Park' },
    { name: 'Shah, Priya', greeting: 'Priya' },
    { name: 'Dr.', greeting: undefined },
    { name: '', greeting: undefined },
    { name: 'morgan@acmetower.example', greeting: undefined },
  ])('greets “$name” as $greeting', ({ name, greeting }) => {
    // Act
    const result = greetingName({ name });

    // Assess
    expect(result).toBe(greeting);
  });

  it.each([
    { name: 'Dr. Priya Shah', salutation: 'Priya', greeting: 'Priya' },
    { name: 'Jo Park', salutation: 'Ms. Park', greeting: 'Ms. Park' },
    { name: 'Jo Park', salutation: '  Dr..  Park ', greeting: 'Dr. Park' },
    { name: 'Jo Park', salutation: '   ', greeting: 'Jo' },
  ])('lets the salutation “$salutation” win over “$name”', ({ name, salutation, greeting }) => {
    // Act
    const result = greetingName({ name, salutation });

    // Assess
    expect(result).toBe(greeting);
  });

  it.each(['Dr. Priya Shah', 'Dr.. Priya Shah', 'Ms. Jo Park', 'Mr. Sam Ito Jr.', 'Prof. Lee Chan, PhD'])(
    'never gives two dots in a row for “%s”, even followed by a comma',
    (name) => {
      // Act
      const line = `Dear ${greetingName({ name })},`;

      // Assess
      expect(line).not.toMatch(/\.\./);
    },
  );
});
