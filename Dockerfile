# syntax=docker/dockerfile:1
# backup-reconciler as a container image: `docker build -t backup-reconciler .`
# Runs as a non-root user and writes only where you point it (--out, and apply's .reconcile/backups/
# under the working directory /work), so it works with a read-only root filesystem:
#   docker run --rm --read-only --tmpfs /tmp -v "$PWD:/work" backup-reconciler validate
# No credentials are baked in: pass them at run time (environment, IRSA, ECS task role, instance profile).
ARG NODE_VERSION=22

# 1. build: compile and bundle the CLI (dist/bin/) with the dev dependencies.
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here; the build runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle.mjs scripts/bundle.mjs
COPY spec/ spec/
COPY src/ src/
RUN npm run build

# 2. deps: production dependencies only (pino-pretty is loaded at run time, outside the bundle).
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# 3. runtime: node, the bundle, the production dependencies and the JSON Schema; nothing else.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# uid 10001 has no passwd entry: HOME must be set (the SDK resolves ~/.aws under it). Use profiles by
# mounting the files and pointing AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at them.
ENV NODE_ENV=production \
    HOME=/tmp \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
WORKDIR /app
COPY package.json ./
COPY spec/backup-spec.schema.json spec/backup-spec.schema.json
COPY --from=deps /app/node_modules node_modules
COPY --from=build /src/dist/bin dist/bin
# A fixed non-root uid/gid (Kubernetes runAsNonRoot needs a numeric USER to verify it).
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["node", "/app/dist/bin/reconcile.mjs"]
CMD ["--help"]
