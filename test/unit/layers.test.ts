// The layer rules of eslint.config.js fire where DESIGN.md says, and stay quiet where imports are allowed.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: REPO_ROOT });

/** The layer rule's messages for one import statement, as if it were at the top of `file`. */
async function layerProblems(file: string, statement: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${statement}\nexport const used = [x];\n`, { filePath: `${REPO_ROOT}${file}` });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports' || message.fatal)
    .map((message) => message.message);
}

describe('the layer rules', () => {
  it.each([
    ['functions/domain/example.ts', "import { x } from '@aws-sdk/client-dynamodb';", /do no I\/O/],
    ['functions/domain/example.ts', "import { x } from 'node:fs';", /do no I\/O/],
    ['functions/domain/example.ts', "import { x } from '#adapters/store.ts';", /pure rules/],
    ['functions/domain/example.ts', "import { x } from '../handlers/config.ts';", /pure rules/],
    ['functions/contract/example.ts', "import { x } from 'node:child_process';", /do no I\/O/],
    ['functions/contract/example.ts', "import { x } from '#domain/model.ts';", /imports no other layer/],
    ['functions/app/example.ts', "import { x } from '#adapters/store.ts';", /its own ports/],
    ['functions/app/example.ts', "import { x } from '@aws-sdk/client-ses';", /through the ports/],
    ['functions/render/example.ts', "import { x } from '#app/survey.ts';", /result types/],
    ['functions/render/example.ts', "import { x } from '#handlers/http.ts';", /Rendering imports/],
    ['functions/handlers/example.ts', "import { x } from '#local/functions.ts';", /never imports the local cloud/],
    ['functions/adapters/example.ts', "import { x } from '../../lib/config.ts';", /never imports the local cloud/],
    ['functions/adapters/example.ts', "import { x } from '#handlers/config.ts';", /never import one/],
    ['lib/constructs/example.ts', "import { x } from '#domain/model.ts';", /no runtime code but the contract/],
    ['functions/handlers/example.ts', "import * as x from 'zod';", /zod\/mini/],
    ['functions/domain/example.ts', "import * as x from 'zod';", /zod\/mini/],
    ['lib/example.ts', "import { x } from '../functions/handlers/config.ts';", /no runtime code but the contract/],
  ])('refuse, in %s, %s', async (file, statement, expected) => {
    const problems = await layerProblems(file, statement);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it.each([
    ['functions/domain/example.ts', "import { x } from '#contract/timezone.ts';"],
    ['functions/domain/example.ts', "import * as z from '#contract/zod.ts';"],
    ['functions/domain/example.ts', "import { x } from 'node:crypto';"],
    ['functions/render/example.ts', "import type { x } from '#app/survey.ts';"],
    ['functions/handlers/example.ts', "import { x } from '#adapters/store.ts';"],
    ['lib/example.ts', "import { x } from '#contract/routes.ts';"],
    ['lib/example.ts', "import { x } from 'aws-cdk-lib/aws-lambda';"],
    ['local/example.ts', "import { x } from '#handlers/admin-api.ts';"],
    ['local/example.ts', "import { x } from '#adapters/store.ts';"],
  ])('allow, in %s, %s', async (file, statement) => {
    expect(await layerProblems(file, statement)).toEqual([]);
  });
});
