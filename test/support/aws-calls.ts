/**
 * What AWS call an HTTP request seen by the recording proxy is, and on which resource: the
 * acceptance test of `reconcile permissions` (issue 17) checks each against the generated policy.
 *
 * - Service and region: the SigV4 credential scope (`monitoring` is CloudWatch's signing name).
 * - Operation: named by the query (`Action`) and JSON (`X-Amz-Target`) protocols; for the REST
 *   services (S3, AWS Backup) matched against the HTTP method and path template of every declared
 *   operation, read from the SDK command's own schema (`schema[3].http`), so the routes are the SDK's,
 *   not a copy. S3 is addressed path-style (`--endpoint-url`): the first path segment is the bucket.
 * - Resource: the ARN the call is authorized against, from the request (bucket, role name, topic
 *   ARN, rule, alarm names, DB instance, vault name, plan id), `*` for calls without a resource type.
 */
import { DECLARED_CLIENTS } from '../../src/adapters/operations.js';
import {
  alarmArn,
  bucketArn,
  dbInstanceArn,
  eventsRuleArn,
  PARTITION,
  roleArn,
  topicArn,
  vaultArn,
} from '../../src/model/arn.js';
import type { SeenRequest } from './recording-proxy.js';

/** One AWS call. */
export interface AwsCallSeen {
  /** The declared client's service key (`cloudwatch`, not `monitoring`). */
  readonly service: string;
  readonly region: string;
  readonly operation: string;
  /** What the call is authorized against (every one must be allowed). */
  readonly resources: readonly string[];
  /** Request facts IAM conditions look at: the role passed (PutBucketReplication, CreateBackupSelection), the policy attached. */
  readonly passedRole?: string;
  readonly policyArn?: string;
}

const SIGNING_TO_SERVICE: Readonly<Record<string, string>> = { monitoring: 'cloudwatch' };

interface Route {
  readonly operation: string;
  readonly method: string;
  readonly path: RegExp;
  readonly labels: readonly string[];
  /** Query keys the route requires (value '' = any). */
  readonly query: ReadonlyMap<string, string>;
}

function routeOf(operation: string, http: readonly [string, string, number]): Route {
  const [method, template] = http;
  const [pathPart = '/', queryPart = ''] = template.split('?');
  const labels: string[] = [];
  const source = pathPart
    .replace(/\/+$/, '')
    .split('/')
    .map((seg) => {
      const m = /^\{(\w+)(\+?)\}$/.exec(seg);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      labels.push(m[1] as string);
      return m[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  const query = new Map<string, string>();
  for (const kv of queryPart.split('&').filter(Boolean)) {
    const [k = '', v = ''] = kv.split('=');
    query.set(k, v);
  }
  return { operation, method, path: new RegExp(`^${source}/?$`), labels, query };
}

/** The REST routes of the declared operations of `service` (from each SDK command's schema). */
function restRoutes(service: string): Route[] {
  return DECLARED_CLIENTS.filter((c) => c.service === service).flatMap((c) =>
    Object.entries(c.commands).map(([operation, Command]) => {
      const instance = new (Command as unknown as new (i: unknown) => { schema: unknown[] })({});
      const traits = instance.schema[3] as { http?: [string, string, number] };
      if (!traits.http) throw new Error(`no http trait for ${service} ${operation}`);
      return routeOf(operation, traits.http);
    }),
  );
}

const ROUTES = { s3: restRoutes('s3'), backup: restRoutes('backup') };

function matchRest(
  routes: readonly Route[],
  method: string,
  path: string,
  query: URLSearchParams,
): { operation: string; labels: Record<string, string> } | undefined {
  const flags = [...query.entries()].filter(([, v]) => v === '').map(([k]) => k);
  const candidates = routes.flatMap((r) => {
    if (r.method !== method) return [];
    const m = r.path.exec(path === '' ? '/' : path);
    if (!m) return [];
    for (const [k, v] of r.query) if (!query.has(k) || (v !== '' && query.get(k) !== v)) return [];
    if (flags.some((f) => !r.query.has(f))) return [];
    const labels = Object.fromEntries(r.labels.map((l, i) => [l, decodeURIComponent(m[i + 1] as string)]));
    return [{ operation: r.operation, labels, specificity: r.query.size }];
  });
  candidates.sort((a, b) => b.specificity - a.specificity);
  return candidates[0];
}

/** What the classifier needs to know to name resources like the spec does. */
export interface CallContext {
  readonly account: string;
  /** Role name -> ARN (with its path) for the roles the spec declares. */
  readonly roles: ReadonlyMap<string, string>;
}

function jsonBody(body: string | undefined): Record<string, unknown> {
  try {
    return body ? (JSON.parse(body) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The AWS call a request is; throws when it is none the declared clients can make. */
export function classifyRequest(req: SeenRequest, ctx: CallContext): AwsCallSeen {
  if (!req.signing) throw new Error(`unsigned request ${req.method} ${req.path}`);
  const service = SIGNING_TO_SERVICE[req.signing.service] ?? req.signing.service;
  const region = req.signing.region;
  const acct = ctx.account;
  const url = new URL(req.path, 'http://proxy');
  const fail = (): never => {
    throw new Error(`not a declared operation: ${service} ${req.method} ${req.path}`);
  };

  if (service === 's3') {
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const path = bucket === '' ? '/' : `/${rest.join('/')}`;
    const m = matchRest(ROUTES.s3, req.method, path, url.searchParams) ?? fail();
    const role = /<Role>([^<]+)<\/Role>/.exec(req.body ?? '')?.[1];
    return {
      service,
      region,
      operation: m.operation,
      resources: bucket === '' ? ['*'] : [bucketArn(decodeURIComponent(bucket))],
      ...(m.operation === 'PutBucketReplication' && role ? { passedRole: role } : {}),
    };
  }
  if (service === 'backup') {
    const m =
      matchRest(ROUTES.backup, req.method, url.pathname.replace(/\/+$/, ''), url.searchParams) ?? fail();
    const { BackupVaultName: vault, BackupPlanId: plan, ResourceArn: arn } = m.labels;
    const resources = vault
      ? [vaultArn(acct, region, vault)]
      : plan
        ? [`arn:${PARTITION}:backup:${region}:${acct}:backup-plan:${plan}`]
        : arn
          ? [arn]
          : ['*'];
    const selection = jsonBody(req.body).BackupSelection as { IamRoleArn?: string } | undefined;
    return {
      service,
      region,
      operation: m.operation,
      resources,
      ...(m.operation === 'CreateBackupSelection' && selection?.IamRoleArn
        ? { passedRole: selection.IamRoleArn }
        : {}),
    };
  }

  const operation = req.operation ?? fail();
  const form = new URLSearchParams(req.body ?? '');
  const json = jsonBody(req.body);
  const param = (name: string): string | undefined =>
    (typeof json[name] === 'string' ? (json[name] as string) : undefined) ?? form.get(name) ?? undefined;
  const call = (resources: readonly string[], extra: Partial<AwsCallSeen> = {}): AwsCallSeen => ({
    service,
    region,
    operation,
    resources,
    ...extra,
  });
  switch (service) {
    case 'sts':
      return call(['*']);
    case 'iam': {
      const name = param('RoleName') ?? fail();
      const policyArn = param('PolicyArn');
      return call([ctx.roles.get(name) ?? roleArn(acct, name)], policyArn ? { policyArn } : {});
    }
    case 'sns': {
      if (['GetSubscriptionAttributes', 'SetSubscriptionAttributes', 'Unsubscribe'].includes(operation))
        return call(['*']);
      if (operation === 'CreateTopic') return call([topicArn(acct, region, param('Name') ?? fail())]);
      return call([param('TopicArn') ?? param('ResourceArn') ?? fail()]);
    }
    case 'events': {
      if (operation === 'ListRules') return call(['*']);
      const name = param('Name') ?? param('Rule') ?? fail();
      return call([eventsRuleArn(acct, region, name, param('EventBusName'))]);
    }
    case 'cloudwatch': {
      const names = Array.isArray(json.AlarmNames)
        ? (json.AlarmNames as string[])
        : [...form.entries()].filter(([k]) => k.startsWith('AlarmNames.member.')).map(([, v]) => v);
      const single = param('AlarmName');
      const prefix = param('AlarmNamePrefix');
      const all = [...names, ...(single ? [single] : [])].map((n) => alarmArn(acct, region, n));
      if (prefix !== undefined) all.push(alarmArn(acct, region, `${prefix}*`));
      return call(all.length > 0 ? all : [alarmArn(acct, region, '*')]);
    }
    case 'rds': {
      const id = param('DBInstanceIdentifier');
      return call([id ? dbInstanceArn(acct, region, id) : `arn:${PARTITION}:rds:${region}:${acct}:db:*`]);
    }
    default:
      return fail();
  }
}
