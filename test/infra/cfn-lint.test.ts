// cfn-lint on the synthesized template: warnings are allowed (it exits 4 on those alone), errors are not.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthesize, SYNTH_TIMEOUT } from './synth.ts';

interface Finding {
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path: readonly (string | number)[] };
}

describe('cfn-lint', () => {
  it('finds no error in the template', () => {
    const { stack, outdir } = synthesize();
    const templatePath = join(outdir, stack.templateFile);

    const run = spawnSync('cfn-lint', ['--format', 'json', templatePath], { encoding: 'utf8' });

    expect(run.error).toBeUndefined(); // cfn-lint must be on the PATH
    let findings: Finding[];
    try {
      findings = JSON.parse(run.stdout) as Finding[];
    } catch {
      throw new Error(`cfn-lint exited ${run.status} without a JSON report: ${run.stderr || run.stdout}`);
    }
    const errors = findings
      .filter((finding) => finding.Level === 'Error')
      .map((finding) => `${finding.Rule.Id} ${finding.Location.Path.join('/')}: ${finding.Message}`);
    expect(errors).toEqual([]);
  }, SYNTH_TIMEOUT);
});
