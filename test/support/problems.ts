// What a schema says is wrong with an input, one "field: message" line per problem; none when valid.
import { InvalidInput, parseInput } from '#domain/errors.ts';

export type Schema = Parameters<typeof parseInput>[0];

export function problems(schema: Schema, input: unknown): string[] {
  try {
    parseInput(schema, input);
  } catch (error) {
    if (error instanceof InvalidInput) return error.problems.map((p) => `${p.field}: ${p.message}`);
    throw error;
  }
  return [];
}
