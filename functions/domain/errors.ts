// Typed domain errors. Handlers map them to HTTP statuses and CLI messages in one place each.
import * as z from '#contract/zod.ts';

export interface FieldProblem {
  /** Dotted path to the field, e.g. `cadence.week` or `contacts[1].email`; empty for the whole body. */
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
}

export class InvalidInput extends DomainError {
  readonly status = 400;
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map(describeProblem).join('; '));
    this.name = 'InvalidInput';
  }
}

export class NotFound extends DomainError {
  readonly status = 404;
  constructor(message: string) {
    super(message);
    this.name = 'NotFound';
  }
}

export class TooLarge extends DomainError {
  readonly status = 413;
  constructor(message: string) {
    super(message);
    this.name = 'TooLarge';
  }
}

export class Conflict extends DomainError {
  readonly status = 409;
  constructor(message: string) {
    super(message);
    this.name = 'Conflict';
  }
}

export function describeProblem(problem: FieldProblem): string {
  return problem.field === '' ? problem.message : `${problem.field}: ${problem.message}`;
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Turns zod issues into problems a person understands: the field, then what is wrong with it. */
export function problemsOf(error: z.core.$ZodError, input: unknown): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: fieldPath([...issue.path, key]),
        message: 'is not a known field (check its spelling)',
      }));
    }
    const field = fieldPath(issue.path);
    if (issue.code !== 'custom' && issue.path.length > 0 && valueAt(input, issue.path) === undefined) {
      return [{ field, message: 'is required' }];
    }
    if (issue.code === 'invalid_type' && issue.path.length === 0) {
      return [{ field, message: 'the body must be a JSON object' }];
    }
    return [{ field, message: issue.message }];
  });
}

/** Parses with a schema (zod/mini's or classic zod's) or throws `InvalidInput` naming every bad field. */
export function parseInput<S extends z.core.$ZodType>(schema: S, input: unknown): z.output<S> {
  const result = z.safeParse(schema, input);
  if (!result.success) throw new InvalidInput(problemsOf(result.error, input));
  return result.data;
}
