import fs from "node:fs";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import express, { type Express } from "express";
import { type Context, authenticate, createContext, credentialsOf } from "./context";
import type { Database } from "./db/database";
import { singleLoginRule } from "./auth/single-login.rule";
import { costPlugin } from "./cost/cost.plugin";
import { createFormatError } from "./errors-format";
import { IdempotencyStore } from "./idempotency/idempotency.store";
import { idempotency } from "./idempotency/idempotency.middleware";
import { jitGateway } from "./jit-executor";
import { buildPostroomSchema } from "./schema";
import type { Services } from "./services";

export interface ServerDeps {
  db: Database;
  services: Services;
  production: boolean;
  /** Built console (apps/admin/dist); served at / and /playground when present. */
  adminDist: string | null;
  /** Session cookies carry `Secure` (default: in production or when `publicUrl` is https). */
  secureCookies?: boolean;
  /** PUBLIC_URL: https turns on HSTS and secure cookies. */
  publicUrl?: string;
  logError?: (error: unknown) => void;
  /** The services' clock (stored idempotent answers expire by it). */
  now?: () => Date;
}

export interface PostroomServer {
  app: Express;
  apollo: ApolloServer<Context>;
  stop(): Promise<void>;
}

const BODY_LIMIT = "100kb";

/**
 * Scripts and workers only from this origin, never inline. Styles may be
 * inline and fonts and images data: URLs, because the playground's editor
 * (Monaco, inside GraphiQL) writes <style> elements and style attributes at run
 * time and embeds its icon font and squiggles as data: URLs. Each relaxation
 * was found necessary in Chromium against the built console and playground
 * (apps/admin/test/console.test.mjs, "…Content-Security-Policy…").
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Builds the whole HTTP product (GraphQL, console, playground) without listening. */
export async function createServer(deps: ServerDeps): Promise<PostroomServer> {
  const schema = await buildPostroomSchema();
  const armor = new ApolloArmor({
    maxDepth: { n: 10, ignoreIntrospection: true },
    maxAliases: { n: 15 },
    costLimit: { maxCost: 20000, ignoreIntrospection: true },
    // Token limit through Apollo's own parser (parseOptions below): armor's plugin
    // throws inside parsingDidStart, which Apollo answers with HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: true },
  });
  const protection = armor.protect();
  const logError = deps.logError ?? ((error: unknown) => console.error("[postroom] unexpected error:", error));
  const apollo = new ApolloServer<Context>({
    gateway: jitGateway(schema),
    ...protection,
    validationRules: [...protection.validationRules, singleLoginRule],
    // Cache-control hints are unused (responses are per-user); its per-field hook costs every request.
    plugins: [...protection.plugins, costPlugin(schema), ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled()],
    parseOptions: { maxTokens: 2000 },
    introspection: !deps.production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(logError),
  });
  await apollo.start();

  const https = deps.publicUrl?.startsWith("https://") ?? false;
  const secureCookies = deps.secureCookies ?? (deps.production || https);
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    if (https) res.setHeader("Strict-Transport-Security", "max-age=31536000");
    next();
  });
  app.use(
    "/graphql",
    express.json({ limit: BODY_LIMIT }),
    idempotency(new IdempotencyStore(deps.db, deps.now), (req) => {
      const { token, clientAddress } = credentialsOf(req);
      return authenticate(deps.services, token, clientAddress);
    }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => createContext(deps.db, deps.services, req, res, secureCookies),
    }),
  );
  mountConsole(app, deps);
  app.use(((error, _req, res, _next) => {
    const status = typeof error?.status === "number" ? error.status : 500;
    if (status >= 500) logError(error);
    res.status(status).json({
      errors: [
        {
          message: status === 413 ? "Request body too large." : "Bad request.",
          extensions: { code: status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_USER_INPUT" },
        },
      ],
    });
  }) as express.ErrorRequestHandler);

  return {
    app,
    apollo,
    stop: async () => {
      await apollo.stop();
      await deps.services.costBudget.releaseLeases();
    },
  };
}

function mountConsole(app: Express, deps: ServerDeps): void {
  const dist = deps.adminDist;
  const index = dist ? path.join(dist, "index.html") : null;
  if (!dist || !index || !fs.existsSync(index)) {
    app.get("/", (_req, res) => {
      res.type("text/plain").send("Postroom API is running at /graphql. The console is not built: run `npm run build`.\n");
    });
    return;
  }
  const playground = path.join(dist, "playground.html");
  if (fs.existsSync(playground)) {
    if (deps.production) {
      // Neither the page nor what only it loads (its entry script and styles) leaves a production server.
      const hidden = new Set(["/playground", "/playground.html", ...playgroundOnlyAssets(playground, index)]);
      app.use((req, res, next) => (hidden.has(req.path) ? res.status(404).type("text/plain").send("Not found.\n") : next()));
    } else {
      app.get("/playground", (_req, res) => res.sendFile(playground));
    }
  }
  app.use(
    express.static(dist, {
      index: false,
      maxAge: "1h",
      setHeaders: (res, file) => {
        if (file.endsWith(".html")) res.setHeader("Cache-Control", "no-cache");
      },
    }),
  );
  app.get(/^\/(?!graphql|assets\/).*/, (_req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(index);
  });
}

/** Asset paths the playground page references and the console's page does not. */
function playgroundOnlyAssets(playgroundHtml: string, indexHtml: string): string[] {
  const referenced = (file: string) => new Set([...fs.readFileSync(file, "utf8").matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]));
  const console = referenced(indexHtml);
  return [...referenced(playgroundHtml)].filter((asset) => !console.has(asset));
}
