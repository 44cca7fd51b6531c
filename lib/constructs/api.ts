// The HTTP API: admin routes behind IAM auth (SigV4), a throttled $default stage with JSON access logs.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnRoute, CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import type { HttpRoute, ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ADMIN_ROUTES as ADMIN_ROUTE_KEYS, PUBLIC_ROUTES as PUBLIC_ROUTE_KEYS, routeParts } from '#contract/routes.ts';
import type { AdminRoute, PublicRoute } from '#contract/routes.ts';
import type { FunctionEnvironment } from '#contract/environment.ts';
import { FUNCTIONS } from '#contract/functions.ts';
import { PulseFunction } from './function.ts';

/** The admin routes of the contract, all served by `functions/handlers/admin-api.ts` (IAM auth). */
export const ADMIN_ROUTES: readonly { readonly method: HttpMethod; readonly path: string }[] = ADMIN_ROUTE_KEYS.map(httpRoute);

/**
 * The public routes of the contract, all served by `functions/handlers/public-pages.ts`: survey (`/s`),
 * unsubscribe (`/u`, with RFC 8058 one-click POST) and alert acknowledgement (`/a`). HEAD is a route
 * of its own because scanners send it and it must not fall through to anything.
 */
export const PUBLIC_ROUTES: readonly { readonly method: HttpMethod; readonly path: string }[] = PUBLIC_ROUTE_KEYS.map(httpRoute);

function httpRoute(routeKey: AdminRoute | PublicRoute): { readonly method: HttpMethod; readonly path: string } {
  const { method, path } = routeParts(routeKey);
  return { method: HttpMethod[method], path };
}

/** Default stage limits: room for a batch of survey clicks, not for a flood. */
export const DEFAULT_THROTTLE: Required<ThrottleSettings> = { rateLimit: 50, burstLimit: 100 };

/** Public POSTs write (an answer, an unsubscribe, an acknowledgement): a person sends one at a time. */
export const PUBLIC_POST_THROTTLE: Required<ThrottleSettings> = { rateLimit: 10, burstLimit: 20 };

export interface ApiProps {
  /** The table the admin function reads and writes. */
  readonly table: ITableV2;

  /**
   * Retention of the access log group and the admin function's log group.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;

  /**
   * Throttling of the $default stage, applied to every route.
   * @default DEFAULT_THROTTLE (50 requests/s, bursts of 100)
   */
  readonly throttle?: ThrottleSettings;

  /**
   * Environment of the admin function besides TABLE_NAME and PUBLIC_URL (which the API sets).
   * @default - none
   */
  readonly adminEnvironment?: Readonly<Record<string, string>>;
}

export interface PublicRouteOptions {
  /** e.g. `/s/{token}` */
  readonly path: string;
  readonly methods: readonly HttpMethod[];
  readonly handler: IFunction;
  /** Why this route needs no caller identity; recorded as the cdk-nag acknowledgement. */
  readonly reason: string;
  /**
   * Lower limits for some of the methods, below the stage's.
   * @default - the stage's limits for every method
   */
  readonly throttle?: Partial<Record<HttpMethod, Required<ThrottleSettings>>>;
}

export class Api extends Construct {
  public readonly httpApi: HttpApi;
  /** The $default stage (throttled, access-logged). */
  public readonly stage: HttpStage;
  /** Invoke URL of the $default stage, ending in `/`. */
  public readonly url: string;
  public readonly adminFunction: PulseFunction;
  public readonly accessLogGroup: LogGroup;
  private readonly routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;

    // IAM is the default: a route is public only when added through addPublicRoutes.
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Partner Pulse: admin API (IAM) and survey, unsubscribe and acknowledgement pages',
      defaultAuthorizer: new HttpIamAuthorizer(),
      // The default stage has no throttle or access-log options; ours is added below.
      createDefaultStage: false,
    });

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { ...DEFAULT_THROTTLE, ...props.throttle },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        // routeKey, never the raw path: public paths carry signed tokens that must not sit in logs.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            ip: '$context.identity.sourceIp',
            caller: '$context.identity.userArn',
            method: '$context.httpMethod',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    this.url = this.stage.url;

    this.adminFunction = new PulseFunction(this, 'AdminFunction', {
      entry: FUNCTIONS.adminApi.entry,
      description: 'Partner Pulse admin API',
      table: props.table,
      // Just under the HTTP API's 30 s integration limit: reconciling many accounts takes a while.
      timeout: Duration.seconds(29),
      // Links in emails point at this API; the handler trims the trailing slash.
      environment: { ...props.adminEnvironment, ...({ PUBLIC_URL: this.url } satisfies FunctionEnvironment) },
      logRetention,
    });
    // Its table access is granted by the stack, with every other function's (table-access.ts).

    const admin = new HttpLambdaIntegration('AdminIntegration', this.adminFunction.function);
    for (const route of ADMIN_ROUTES) {
      this.httpApi.addRoutes({ path: route.path, methods: [route.method], integration: admin });
    }
  }

  /**
   * Adds routes anyone may call (survey, unsubscribe, acknowledgement pages). They rely on the signed
   * token in the path, so each call acknowledges AwsSolutions-APIG4 on its routes with `reason`.
   */
  public addPublicRoutes(options: PublicRouteOptions): HttpRoute[] {
    if (options.reason.trim() === '') throw new Error(`addPublicRoutes(${options.path}) needs a reason`);
    const routes = this.httpApi.addRoutes({
      path: options.path,
      methods: [...options.methods],
      integration: new HttpLambdaIntegration(`Public${options.path.replace(/[^A-Za-z0-9]/g, '')}Integration`, options.handler),
      authorizer: new HttpNoneAuthorizer(),
    });
    for (const route of routes) {
      Validations.of(route).acknowledge({ id: 'AwsSolutions::AwsSolutions-APIG4', reason: options.reason });
      const routeKey = (route.node.defaultChild as CfnRoute).routeKey;
      const limits = options.throttle?.[routeKey.split(' ')[0] as HttpMethod];
      if (limits) this.throttleRoute(route, limits);
    }
    return routes;
  }

  /** Gives one route its own limits on the $default stage. */
  public throttleRoute(route: HttpRoute, limits: Required<ThrottleSettings>): void {
    const routeKey = (route.node.defaultChild as CfnRoute).routeKey;
    const stage = this.stage.node.defaultChild as CfnStage;
    this.routeSettings[routeKey] = { ThrottlingRateLimit: limits.rateLimit, ThrottlingBurstLimit: limits.burstLimit };
    stage.routeSettings = this.routeSettings;
    // The stage refuses settings for a route key that does not exist yet.
    stage.node.addDependency(route);
  }
}
