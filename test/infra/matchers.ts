// CDK template assertions as vitest matchers: `expect(template).toHaveResourceProperties(type, props)`
// reads like the rest of the suite and fails with the CDK's closest-match report.
import type { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';

interface TemplateMatchers<R = unknown> {
  /** Some resource of `type` matches `props` (objectLike at the top level). */
  toHaveResourceProperties(type: string, props: unknown): R;
  /** Some resource of `type` matches `definition` (DeletionPolicy, DependsOn, Properties...). */
  toHaveResourceDefinition(type: string, definition: unknown): R;
  /** Every resource of `type` matches `props`, and there is at least one. */
  toHaveEveryResourceProperties(type: string, props: unknown): R;
  toHaveOutput(name: string, props: unknown): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends TemplateMatchers<T> {}
}

function verdict(check: () => void, description: string) {
  try {
    check();
    return { pass: true, message: () => `expected the template not to have ${description}` };
  } catch (error) {
    return { pass: false, message: () => (error instanceof Error ? error.message : String(error)) };
  }
}

expect.extend({
  toHaveResourceProperties(template: Template, type: string, props: unknown) {
    return verdict(() => template.hasResourceProperties(type, props), `a ${type} with these properties`);
  },
  toHaveResourceDefinition(template: Template, type: string, definition: unknown) {
    return verdict(() => template.hasResource(type, definition), `a ${type} like this`);
  },
  toHaveEveryResourceProperties(template: Template, type: string, props: unknown) {
    return verdict(() => {
      if (Object.keys(template.findResources(type)).length === 0) throw new Error(`the template has no ${type}`);
      template.allResourcesProperties(type, props);
    }, `only ${type} resources with these properties`);
  },
  toHaveOutput(template: Template, name: string, props: unknown) {
    return verdict(() => template.hasOutput(name, props), `an output ${name} like this`);
  },
});
