# syntax=docker/dockerfile:1
#
# Migrant help bot: production image.
#
#   docker build -t migrant-help-bot .
#   docker run --env-file .env -p 8080:8080 migrant-help-bot
#   (or: docker compose up -d, see docker-compose.yml)
#
# Base: Node.js 26, the Active LTS line since 2026-10-28 (Node 24 moved to Maintenance LTS on
# 2026-10-20; 26 is supported until 2029-04-30). Debian 12 "bookworm" slim: glibc, so esbuild's
# prebuilt binary (used by tsx) runs as shipped. Pin a digest (node:26-bookworm-slim@sha256:...) in
# production for reproducible builds; all three stages use the same image.
#
# Stages: "deps" installs production dependencies only; "build" installs everything and typechecks
# (tsc --noEmit); "runtime" takes node_modules from "deps" and the typechecked sources from "build".
# The runtime stage copies from "build" on purpose: BuildKit skips stages the target does not use,
# and the typecheck must gate every image.

# ---- production dependencies (tsx is one: the bot runs TypeScript directly, there is no dist/) ----
FROM node:26-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund

# ---- typecheck (NODE_ENV is not "production" here, so npm ci installs typescript and the types) ----
FROM node:26-bookworm-slim AS build
ENV LANG=C.UTF-8
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc --noEmit

# ---- runtime ----
FROM node:26-bookworm-slim AS runtime
ENV NODE_ENV=production LANG=C.UTF-8
WORKDIR /app
# Everything stays owned by root and read-only to the app user: the bot reads locales/ (next to
# src/) and content/ (from the working directory, /app) and writes nothing there. tsx keeps its
# transform cache in /tmp.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY --from=build /app/src ./src
COPY locales ./locales
COPY content ./content

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

# Node itself is the main process (not npm, not the tsx CLI, which both run the bot as a child and
# forward signals poorly), so SIGTERM reaches the bot's own shutdown handler.
# The broadcast worker runs from the same image: node --import tsx src/worker.ts
CMD ["node", "--import", "tsx", "src/main.ts"]
