// PulseFunction: every Lambda of the app, with the defaults fixed once (runtime, ARM, ESM bundle,
// source maps, JSON logs into a dedicated log group with retention, its own least-privilege role).
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IGrantable, IPrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { FunctionEnvironment } from '#contract/environment.ts';
import { ASYNC_INVOKE_RETRY } from '#contract/scheduler.ts';
import { FailureQueue } from './failure-queue.ts';
import type { TableAction } from './table-access.ts';

/** The repository root: entries, package.json and the lock file are found from here, whatever the cwd. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const HANDLERS_DIR = 'functions/handlers/';

/** Lets bundled CommonJS dependencies (nodemailer) call `require` inside an ESM bundle. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface PulseFunctionProps {
  /**
   * The handler file, relative to the repository root, under `functions/handlers/`,
   * e.g. `functions/handlers/admin-api.ts`. It must export `handler`.
   */
  readonly entry: string;

  /**
   * @default - none
   */
  readonly description?: string;

  /**
   * A fixed function name. Give one only when the function's ARN must be known before it exists
   * (functions that name each other in their environment); a rename replaces the function.
   * @default - a name CloudFormation generates
   */
  readonly functionName?: string;

  /**
   * @default 512
   */
  readonly memorySize?: number;

  /**
   * @default Duration.seconds(15)
   */
  readonly timeout?: Duration;

  /**
   * Retention of the function's log group.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;

  /**
   * The table; its name is passed as `TABLE_NAME`. No access is granted: use the grant helpers.
   * @default - no TABLE_NAME variable
   */
  readonly table?: ITableV2;

  /**
   * Extra environment variables.
   * @default - only NODE_OPTIONS (and TABLE_NAME when `table` is given)
   */
  readonly environment?: Readonly<Record<string, string>>;

  /**
   * @default - no reserved concurrency (the account's unreserved pool)
   */
  readonly reservedConcurrentExecutions?: number;
}

export interface AsyncFailureOptions {
  /** Where the failure queue's alarm notifies. */
  readonly alarmTopic: ITopic;
  /**
   * Lambda's own retries of a failed asynchronous run (0-2).
   * @default 2
   */
  readonly retryAttempts?: number;
  /**
   * How long Lambda keeps an event it could not run yet (throttling) before giving up on it.
   * @default Duration.hours(6)
   */
  readonly maxEventAge?: Duration;
}

export class PulseFunction extends Construct implements IGrantable {
  /** The Lambda function: pass it to integrations, event sources and scheduler targets. */
  public readonly function: NodejsFunction;
  /** The execution role. It starts with write access to its own log group and nothing else. */
  public readonly role: Role;
  public readonly logGroup: LogGroup;
  public readonly grantPrincipal: IPrincipal;
  private readonly acknowledged = new Set<string>();
  private asyncFailures: FailureQueue | undefined;

  constructor(scope: Construct, id: string, props: PulseFunctionProps) {
    super(scope, id);
    const entry = resolveEntry(props.entry);

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      // Logs are operational, not records; the table holds what must survive.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy lets the function
    // create any log group; this one may only write to its own.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}`,
    });
    this.logGroup.grantWrite(this.role);
    this.grantPrincipal = this.role;

    this.function = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(15),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      description: props.description,
      functionName: props.functionName,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...(props.table ? ({ TABLE_NAME: props.table.tableName } satisfies FunctionEnvironment) : {}),
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        // Mappings are enough for stack traces; embedding the sources would double the asset.
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // Deployed functions use the SDK v3 the Node.js runtime ships: `@aws-sdk/*` (and `@smithy/*`,
        // with cdk.json's flag) stay out of the bundle, which makes it about 700 KiB smaller. The
        // package.json pins are what local runs and the tests use; `npm run bench` measures both.
        bundleAwsSDK: false,
        forceDockerBundling: false,
      },
    });
  }

  /**
   * Exactly `actions` on the table and its indexes: what this function's code calls, nothing more
   * (see table-access.ts).
   */
  public grantTableActions(table: ITableV2, actions: readonly TableAction[]): void {
    if (actions.length === 0) throw new Error(`${this.node.path}: grantTableActions needs at least one action`);
    table.grant(this.role, ...actions);
    this.acknowledgeIndexWildcard(table);
  }

  /** Read and write items of the table and its indexes. */
  public grantTableReadWrite(table: ITableV2): void {
    table.grantReadWriteData(this.role);
    this.acknowledgeIndexWildcard(table);
  }

  /** Read items of the table and its indexes. */
  public grantTableRead(table: ITableV2): void {
    table.grantReadData(this.role);
    this.acknowledgeIndexWildcard(table);
  }

  /**
   * For functions invoked asynchronously (EventBridge Scheduler, SNS): Lambda retries a failed run
   * `retryAttempts` times, then sends the event to a failure queue of this function, whose alarm
   * notifies `alarmTopic`. The caller's own retry policy does not see these failures: an async
   * invoke succeeds as soon as Lambda accepts the event.
   */
  public deliverAsyncFailures(options: AsyncFailureOptions): FailureQueue {
    if (this.asyncFailures) throw new Error(`${this.node.path} already has a failure queue`);
    const failures = new FailureQueue(this, 'AsyncFailures', {
      deadLettersOf: `the asynchronous invocations of ${this.node.id} (after Lambda's retries)`,
      alarmTopic: options.alarmTopic,
    });
    this.function.configureAsyncInvoke({
      retryAttempts: options.retryAttempts ?? ASYNC_INVOKE_RETRY.retryAttempts,
      maxEventAge: options.maxEventAge ?? Duration.seconds(ASYNC_INVOKE_RETRY.maxEventAgeSeconds),
      onFailure: new SqsDestination(failures.queue),
    });
    this.asyncFailures = failures;
    return failures;
  }

  /** The failure queue of asynchronous invocations, once `deliverAsyncFailures` has set it up. */
  public get asyncFailureQueue(): FailureQueue | undefined {
    return this.asyncFailures;
  }

  /** Adds (or replaces) an environment variable. */
  public addEnvironment(key: string, value: string): void {
    this.function.addEnvironment(key, value);
  }

  private acknowledgeIndexWildcard(table: ITableV2): void {
    const cfnTable = table.node.defaultChild as CfnElement | undefined;
    if (!cfnTable) return; // an imported table: cdk-nag names it differently, so the finding stays visible
    const id = `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(cfnTable).getLogicalId(cfnTable)}.Arn>/index/*]`;
    if (this.acknowledged.has(id)) return;
    this.acknowledged.add(id);
    Validations.of(this).acknowledge({
      id,
      reason:
        'The DynamoDB grant covers the indexes of this one table (`<table-arn>/index/*`): queries by GSI1 and GSI2 need it, and no other table is reachable.',
    });
  }
}

/** Checks the entry at synth, so a typo fails `cdk synth` with the path instead of at deploy. */
function resolveEntry(entry: string): string {
  const relative = normalize(entry).split(sep).join('/');
  if (isAbsolute(entry) || !relative.startsWith(HANDLERS_DIR) || !relative.endsWith('.ts')) {
    throw new Error(`PulseFunction entry must be a .ts file under ${HANDLERS_DIR} relative to the repository root, got "${entry}"`);
  }
  const absolute = join(REPO_ROOT, relative);
  if (!existsSync(absolute)) {
    throw new Error(`PulseFunction entry ${relative} does not exist (looked in ${absolute})`);
  }
  // The stack names `handler`; a file that exports something else deploys fine and fails every call.
  const source = readFileSync(absolute, 'utf8');
  if (!/export\s+(?:const|let|var|(?:async\s+)?function)\s+handler\b|export\s*\{[^}]*\bhandler\b[^}]*\}/.test(source)) {
    throw new Error(`PulseFunction entry ${relative} does not export \`handler\``);
  }
  return absolute;
}
