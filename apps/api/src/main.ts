import "reflect-metadata";
import type { Server } from "node:http";
import { ConfigError, loadConfig } from "./config";
import { openDatabase } from "./db/database";
import { DnsTxtLookup } from "./dns/txt-resolver";
import { OutboxMailer, SmtpMailer } from "./mail/mailer";
import { createServer } from "./server";
import { JobWorker } from "./jobs/job.worker";
import { createServices, jobHandlers } from "./services";
import { SocketmapServer } from "./socketmap/socketmap.server";

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config.databaseUrl);
  const mailer = config.smtpUrl
    ? new SmtpMailer(config.smtpUrl, config.mailFrom)
    : new OutboxMailer(db, config.mailFrom, undefined, { showLinks: !config.production });
  const services = createServices({
    db,
    dns: new DnsTxtLookup(config.dnsServers),
    mailer,
    publicUrl: config.publicUrl,
    sessionTtlMs: config.sessionTtlMs,
    sessionCacheTtlMs: config.sessionCacheTtlMs,
    aliasConfirmationTtlMs: config.aliasConfirmationTtlMs,
    provisioningDelayMs: config.provisioningDelayMs,
    costBudget: config.costBudget,
    webhooks: { allowedHosts: config.webhookAllowedHosts, requireHttps: config.production },
  });
  const worker = new JobWorker(db, jobHandlers(services));
  worker.start();
  // Events and delivery logs are kept 30 days; pruning is idempotent, so every process may run it.
  const pruneEvents = () => services.events.prune().catch((error: unknown) => console.error("[events] pruning failed:", error));
  const pruning = setInterval(pruneEvents, 3_600_000);
  pruning.unref();
  void pruneEvents();
  const created = await services.auth.bootstrapOperator(config.operatorEmail, config.operatorPassword);
  const server = await createServer({ db, services, production: config.production, adminDist: config.adminDist, publicUrl: config.publicUrl });
  const http: Server = server.app.listen(config.port);
  await new Promise<void>((resolve, reject) => {
    http.once("listening", resolve);
    http.once("error", reject);
  });
  const socketmap = config.socketmapPort === 0 ? null : new SocketmapServer({ lookup: (map, key) => services.mailMaps.lookup(map, key) });
  await socketmap?.listen(config.socketmapPort, config.socketmapHost);
  const url = config.publicUrl;
  const dbLabel = config.databaseUrl.startsWith("sqlite:") ? config.databaseUrl : config.databaseUrl.replace(/\/\/[^@]*@/, "//***@");
  const lines = [
    `Postroom is running (${config.production ? "production" : "development"})`,
    `  console     ${url}/`,
    `  GraphQL     ${url}/graphql`,
    config.production ? "  playground  off in production" : `  playground  ${url}/playground`,
    `  database    ${dbLabel}`,
    `  DNS         ${config.dnsServers.length > 0 ? config.dnsServers.join(", ") : "the system's resolvers (DNS_SERVERS=127.0.0.1:5300 with `npm run dev-dns` verifies domains locally)"}`,
    socketmap ? `  socketmap   ${config.socketmapHost}:${config.socketmapPort} (Postfix maps; docs/postfix.md)` : "  socketmap   off (SOCKETMAP_PORT=0)",
    config.smtpUrl
      ? `  mail        SMTP ${config.smtpUrl.replace(/\/\/[^@]*@/, "//***@")}`
      : "  mail        kept in the outbox (operators: `outbox` query); set SMTP_URL to send",
  ];
  if (created?.generatedPassword) {
    lines.push(
      `  operator    ${created.email} / ${created.generatedPassword}`,
      "              (generated on first start and shown only this once; set POSTROOM_OPERATOR_EMAIL",
      "               and POSTROOM_OPERATOR_PASSWORD to choose your own)",
    );
  } else if (created) {
    lines.push(`  operator    ${created.email} (password from POSTROOM_OPERATOR_PASSWORD)`);
  } else {
    lines.push("  sign in     with your operator email and password");
  }
  console.log(lines.join("\n"));

  const shutdown = async () => {
    http.close();
    await socketmap?.close();
    clearInterval(pruning);
    await worker.stop();
    await server.stop();
    await db.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  else console.error("Postroom failed to start:", error);
  process.exit(1);
});
