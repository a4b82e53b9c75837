/**
 * The Dockerfile cannot be built here (no Docker engine on the development machines or in CI), so its
 * structure is checked instead: a build stage and a runtime stage that holds only production
 * dependencies and the bundle, runs as a numeric non-root user, bakes in no secret, and whose
 * entrypoint is the bundle that package.json's `bin` names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');

/** One Dockerfile instruction: keyword (upper case) and its arguments, continuation lines joined. */
interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** A stage: from `FROM image AS name` to the next FROM. */
interface Stage {
  readonly from: string;
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const stages: { from: string; name: string | undefined; instructions: Instruction[] }[] = [];
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      stages.push({ from: m?.[1] ?? '', name: m?.[2], instructions: [] });
    } else if (stages.length > 0) stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const stages = parseDockerfile(dockerfile);
const runtime = stages.at(-1);
const of = (stage: Stage | undefined, keyword: string) =>
  (stage?.instructions ?? []).filter((i) => i.keyword === keyword).map((i) => i.args);

describe('Dockerfile', () => {
  it('GIVEN the Dockerfile WHEN parsed THEN it is multi-stage: build, deps, runtime', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'deps', 'runtime']);
    for (const s of stages) expect(s.from).toMatch(/^node:\$\{NODE_VERSION\}-bookworm-slim$/);
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=(20|22|24)$/m);
  });

  it('GIVEN the build stage WHEN read THEN it builds with the dev dependencies', () => {
    const build = stages[0];
    expect(of(build, 'RUN')).toContain('npm ci --ignore-scripts --no-audit --no-fund');
    expect(of(build, 'RUN')).toContain('npm run build');
  });

  it('GIVEN the runtime stage WHEN read THEN it holds only production dependencies, the bundle and the schema', () => {
    expect(of(stages[1], 'RUN')).toEqual(['npm ci --omit=dev --ignore-scripts --no-audit --no-fund']);
    expect(of(runtime, 'RUN')).toEqual([]);
    expect(of(runtime, 'COPY').sort()).toEqual(
      [
        '--from=build /src/dist/bin dist/bin',
        '--from=deps /app/node_modules node_modules',
        'package.json ./',
        'spec/backup-spec.schema.json spec/backup-spec.schema.json',
      ].sort(),
    );
  });

  it('GIVEN the runtime stage WHEN read THEN it runs as a numeric non-root user, set before the entrypoint', () => {
    const users = of(runtime, 'USER');
    expect(users).toHaveLength(1);
    const [uid, gid] = (users[0] ?? '').split(':');
    expect(Number(uid)).toBeGreaterThan(0);
    expect(Number(gid)).toBeGreaterThan(0);
    const keywords = (runtime?.instructions ?? []).map((i) => i.keyword);
    expect(keywords.indexOf('USER')).toBeLessThan(keywords.indexOf('ENTRYPOINT'));
  });

  it('GIVEN the entrypoint WHEN compared with package.json THEN it runs the bundle both bin names point at', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(Object.keys(pkg.bin).sort()).toEqual(['backup-reconciler', 'reconcile']);
    const bins = new Set(Object.values(pkg.bin));
    expect(bins.size).toBe(1);
    const entry = JSON.parse(of(runtime, 'ENTRYPOINT')[0] ?? '[]') as string[];
    expect(entry).toEqual(['node', `/app/${[...bins][0]}`]);
    // The bundle lands where the entrypoint looks: WORKDIR /app + dist/bin.
    expect(of(runtime, 'WORKDIR')[0]).toBe('/app');
    expect(`/app/${[...bins][0]}`.startsWith('/app/dist/bin/')).toBe(true);
  });

  it('GIVEN a read-only root filesystem WHEN the image runs THEN the working directory is the mount point /work', () => {
    expect(of(runtime, 'WORKDIR').at(-1)).toBe('/work');
    expect(of(runtime, 'ENV').join(' ')).toMatch(/\bHOME=\/tmp\b/);
  });

  it('GIVEN every instruction WHEN searched THEN no credential or secret is baked in', () => {
    const all = stages.flatMap((s) => s.instructions);
    for (const i of all.filter((x) => ['ENV', 'ARG', 'LABEL'].includes(x.keyword)))
      expect(i.args, `${i.keyword} ${i.args}`).not.toMatch(
        /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|PASSWORD|SECRET|TOKEN|WEBHOOK/i,
      );
    for (const i of all.filter((x) => x.keyword === 'COPY' || x.keyword === 'ADD'))
      expect(i.args, `${i.keyword} ${i.args}`).not.toMatch(/\.aws|\.env|credentials|\.npmrc/);
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.git', 'node_modules', 'dist', '.reconcile', '.env', '.aws'])
      expect(ignore).toContain(entry);
  });
});

describe("docs/scheduling.md's Kubernetes CronJob", () => {
  const doc = readFileSync(join(ROOT, 'docs', 'scheduling.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Kubernetes CronJob'));
  const yamlText = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const cron = parseAllDocuments(yamlText)
    .map((d) => d.toJS() as { kind?: string; spec?: unknown })
    .find((d) => d.kind === 'CronJob') as
    | {
        spec: {
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  securityContext: Record<string, unknown>;
                  containers: {
                    args: string[];
                    securityContext: Record<string, unknown>;
                    volumeMounts: { mountPath: string }[];
                  }[];
                };
              };
            };
          };
        };
      }
    | undefined;
  const pod = cron?.spec.jobTemplate.spec.template.spec;
  const container = pod?.containers[0];

  it('GIVEN the CronJob WHEN read THEN it runs the image as its non-root user with a read-only root filesystem', () => {
    const [uid, gid] = (of(runtime, 'USER')[0] ?? '').split(':').map(Number);
    expect(pod?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: uid, runAsGroup: gid });
    expect(container?.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
  });

  it('GIVEN the CronJob WHEN read THEN the report writes only to mounted directories (/reports, /tmp)', () => {
    const mounts = (container?.volumeMounts ?? []).map((m) => m.mountPath);
    expect(mounts).toEqual(expect.arrayContaining(['/reports', '/tmp']));
    expect(container?.args).toContain('--out=/reports');
    expect(container?.args[0]).toBe('report');
  });
});
