/*
 * A job worker in its own process, as a second API process would run one: the
 * BUILT api (apps/api/dist) over the database in DATABASE_URL.
 *
 * Environment: DATABASE_URL, WORKER_NAME, WORKER_MODE ("normal" | "hang"),
 * POLL_MS, LEASE_MS, WEBHOOK_ALLOWED_HOSTS.
 * stdout, one JSON object per line:
 *   {"event":"ready"}                      database open; waits for "go" on stdin
 *   {"event":"provisioning","key":...}     the provider was called (hang mode: and never returns)
 *   {"event":"ran","job":...}              a handler finished the job
 * "stop" on stdin (or SIGTERM) stops the loop and exits 0.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const readline = require("node:readline");

const dist = path.resolve(__dirname, "../../dist");
if (!fs.existsSync(path.join(dist, "services.js"))) {
  process.stderr.write(`job-worker-child: the built API is missing (${dist}/services.js); run \`npm run build\` in apps/api first\n`);
  process.exit(2);
}

require("reflect-metadata");
const { openDatabase } = require(path.join(dist, "db/database"));
const { BuiltInMailProvider } = require(path.join(dist, "jobs/mail-provider"));
const { JobWorker } = require(path.join(dist, "jobs/job.worker"));
const { OutboxMailer } = require(path.join(dist, "mail/mailer"));
const { createServices, jobHandlers } = require(path.join(dist, "services"));

function emit(event) {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

async function main() {
  const name = process.env.WORKER_NAME || `child-${process.pid}`;
  const mode = process.env.WORKER_MODE || "normal";
  const db = await openDatabase(process.env.DATABASE_URL, { migrate: false });
  const builtIn = new BuiltInMailProvider(db);
  const provider = {
    async provisionAddress(request) {
      await builtIn.provisionAddress(request);
      emit({ event: "provisioning", key: request.idempotencyKey });
      // A process that dies mid-job: the call reached the mail system, the job never finishes.
      if (mode === "hang") await new Promise(() => {});
    },
  };
  const services = createServices({
    db,
    dns: { txt: async () => [] },
    mailer: new OutboxMailer(db, "Postroom <postroom@postroom.test>", () => {}),
    publicUrl: "http://console.postroom.test",
    sessionTtlMs: 3_600_000,
    provider,
    webhooks: { allowedHosts: (process.env.WEBHOOK_ALLOWED_HOSTS || "").split(",").filter(Boolean), requireHttps: false },
  });
  const handlers = {};
  for (const [kind, handler] of Object.entries(jobHandlers(services))) {
    handlers[kind] = async (job, payload) => {
      await handler(job, payload);
      emit({ event: "ran", job: job.id });
    };
  }
  const worker = new JobWorker(db, handlers, {
    owner: name,
    pollMs: Number(process.env.POLL_MS || 50),
    leaseMs: Number(process.env.LEASE_MS || 60_000),
    log: (line) => process.stderr.write(`${line}\n`),
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop();
    await db.close();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  readline.createInterface({ input: process.stdin }).on("line", (line) => {
    if (line.trim() === "go") worker.start();
    if (line.trim() === "stop") void stop();
  });
  emit({ event: "ready" });
}

main().catch((error) => {
  process.stderr.write(`job-worker-child failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
