# syntax=docker/dockerfile:1
#
# Migrant help bot: production image.
#
#   docker build -t migrant-help-bot .
#   docker run --env-file .env -p 8080:8080 migrant-help-bot
#   (or: docker compose up -d, see docker-compose.yml)
#
# Base: Node.js 26, the Active LTS line since 2026-10-28 (Node 24 moved to Maintenance LTS on
# 2026-10-20; 26 is supported until 2029-04-30). CI runs the whole test suite on this major too
# (.ci/run reads it from the FROM line below). Debian 12 "bookworm" slim. Pin a digest
# (node:26-bookworm-slim@sha256:...) in production for reproducible builds; all stages use the same image.
#
# Stages: "deps" installs production dependencies only; "build" installs everything, typechecks
# and compiles src/ to dist/ (tsc); "runtime" takes node_modules from "deps" and dist/ from "build".
# Production runs compiled JavaScript: no run-time transpiler, no helper process, nothing written
# to /tmp, so `docker run --read-only` works without a tmpfs. Needs BuildKit (the --mount below):
# Docker 23+ and Compose v2 use it by default.

# ---- production dependencies ----
FROM node:26-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# TypeScript comes along as i18next's optional peer dependency ("devOptional" in the lock file,
# which --omit=dev keeps): 24 MB nothing at run time reads, so it goes.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund \
    && rm -rf node_modules/typescript node_modules/.bin/tsc node_modules/.bin/tsserver

# ---- typecheck and compile (NODE_ENV is not "production" here, so npm ci installs typescript and the types) ----
FROM node:26-bookworm-slim AS build
ENV LANG=C.UTF-8
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc --noEmit && npx tsc -p tsconfig.build.json

# ---- runtime ----
FROM node:26-bookworm-slim AS runtime
ENV NODE_ENV=production LANG=C.UTF-8
WORKDIR /app
# Everything stays owned by root and read-only to the app user: the bot reads locales/ (next to
# dist/), content/ (from the working directory, /app) and assets/fonts/ (the pictures' font, next to
# dist/) and writes nothing there.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY --from=build /app/dist ./dist
COPY locales ./locales
COPY content ./content
COPY assets ./assets

# The "node" user (uid 1000) comes with the official image.
USER node

# /healthz, /readyz and /metrics (and the webhook in webhook mode) on HTTP_PORT, 8080 by default.
EXPOSE 8080

# The bot stops on SIGTERM: stops taking updates, finishes those in flight, closes Redis.
# Give it time (docker stop -t 30, compose stop_grace_period: 30s).
STOPSIGNAL SIGTERM

# No curl or wget in the slim image: Node's own fetch. Follows HTTP_PORT if it is changed.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Node itself is the main process (not npm, which runs the bot as a child), so SIGTERM reaches the
# bot's own shutdown handler. The broadcast worker runs from the same image: node dist/worker.js.
# The flags are package.json's config.nodeFlags (a unit test holds them equal): a 32 MB young
# generation halves the scavenges' cost under load (README, Benchmarks); idle memory is given back.
CMD ["node", "--max-semi-space-size=32", "dist/main.js"]
