// Synthesizes the app the way bin/partner-pulse.ts does (cdk-nag included), into a fresh directory.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll } from 'vitest';
import { buildPartnerPulse } from '#lib/app.ts';
import type { PartnerPulseStack } from '#lib/partner-pulse-stack.ts';

/** The settings of the documented synth command, plus a real postal address so no placeholder warning shows. */
export const SETTINGS: Readonly<Record<string, unknown>> = {
  senderEmail: 'surveys@sparkle.example',
  companyName: 'Sparkle Facility Services',
  postalAddress: '100 Main St, Springfield, IL 62701',
};

/** A synth takes a few seconds alone and much longer on a busy machine. */
export const SYNTH_TIMEOUT = 120_000;

export interface SynthOptions {
  /** Context on top of SETTINGS; `undefined` removes a setting. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Run esbuild for real. Slow; one test needs it. */
  readonly bundle?: boolean;
  /** Where the cloud assembly goes. @default a new temporary directory */
  readonly outdir?: string;
  /** Changes the stack before synthesis (negative controls). */
  readonly modify?: (stack: PartnerPulseStack) => void;
}

export interface Synthesized {
  readonly stack: PartnerPulseStack;
  readonly assembly: CloudAssembly;
  readonly template: Template;
  readonly outdir: string;
}

export function synthesize(options: SynthOptions = {}): Synthesized {
  const outdir = options.outdir ?? newOutdir();
  const context: Record<string, unknown> = { ...SETTINGS, ...options.settings };
  if (!options.bundle) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ outdir, context });
  const stack = buildPartnerPulse(app);
  options.modify?.(stack);
  const assembly = app.synth();
  return { stack, assembly, outdir, template: Template.fromStack(stack) };
}

// One parent directory per test file, removed after the file's tests (KEEP_CDK_OUT=1 keeps it to inspect).
let outdirRoot: string | undefined;

afterAll(() => {
  if (outdirRoot && !process.env.KEEP_CDK_OUT) rmSync(outdirRoot, { recursive: true, force: true });
  outdirRoot = undefined;
});

export function newOutdir(): string {
  outdirRoot ??= mkdtempSync(join(tmpdir(), 'pulse-infra-'));
  return mkdtempSync(join(outdirRoot, 'cdk-'));
}

export interface Violation {
  readonly ruleName: string;
  readonly reason?: string;
  readonly violatingConstructs: readonly { readonly constructPath: string }[];
}

export interface PluginReport {
  readonly pluginName: string;
  readonly violations: readonly Violation[];
  readonly suppressedViolations?: readonly Violation[];
}

/** cdk-nag's part of the validation report CDK writes into the cloud assembly. */
export function awsSolutionsReport(outdir: string): PluginReport {
  const file = join(outdir, 'validation-report.json');
  if (!existsSync(file)) throw new Error(`no validation report in ${outdir}: did cdk-nag run?`);
  const report = JSON.parse(readFileSync(file, 'utf8')) as { pluginReports: PluginReport[] };
  const nag = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
  if (!nag) throw new Error(`no AwsSolutions report among ${report.pluginReports.map((p) => p.pluginName).join(', ')}`);
  return nag;
}
