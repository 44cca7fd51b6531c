// cdk-nag acknowledgement ids name a policy's resource the way cdk-nag flattens it: a Ref as
// `<LogicalId>`, a GetAtt as `<LogicalId.Attr>`, an Fn::Join joined. This builds the same text from a
// token, so an acknowledgement matches exactly the finding it is meant for and nothing else.
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function nagResource(scope: IConstruct, value: string): string {
  const visit = (node: unknown): string => {
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
    if (typeof node === 'object' && node !== null) {
      const join = (node as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
      if (join) return join[1].map(visit).join(join[0]);
      const getAtt = (node as { 'Fn::GetAtt'?: [unknown, unknown] })['Fn::GetAtt'];
      if (getAtt) return `<${visit(getAtt[0])}.${visit(getAtt[1])}>`;
      const ref = (node as { Ref?: unknown }).Ref;
      if (ref !== undefined) return `<${visit(ref)}>`;
    }
    return JSON.stringify(node);
  };
  return visit(Stack.of(scope).resolve(value));
}

/** Acknowledges the AwsSolutions-IAM5 finding of `resource` (a token or `*`) on `scope`'s policies. */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[Resource::${nagResource(scope, resource)}]`, reason });
}
