import "reflect-metadata";
import fs from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Principal } from "../src/auth/principal";
import { type Database, openDatabase } from "../src/db/database";
import { writeEvent } from "../src/events/event-outbox";
import { JobWorker } from "../src/jobs/job.worker";
import { OutboxMailer } from "../src/mail/mailer";
import { createServices, jobHandlers } from "../src/services";

export interface WebhookBenchResult {
  name: string;
  /** Deliveries per second, from the first job claimed to the last request received. */
  rps: number;
  note: string;
}

const OPERATOR: Principal = {
  kind: "operator",
  id: "00000000-0000-4000-8000-000000000000",
  email: "bench@postroom.test",
  label: "bench@postroom.test",
  sessionId: null,
};

/**
 * Webhook deliveries per second to a receiver on loopback that answers 204
 * at once: `events` change events are written (each with its delivery and
 * job, as a change would), then `workers` job workers in this process send
 * them, signed, through the durable job queue.
 */
export async function benchWebhookDeliveries(databaseUrl: string, events = 2_000, workers = 4): Promise<WebhookBenchResult> {
  let received = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => (done = resolve));
  const receiver: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(204).end();
      if (++received === events) done();
    });
  });
  receiver.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

  const db: Database = await openDatabase(databaseUrl);
  const services = createServices({
    db,
    dns: { txt: async () => [] },
    mailer: new OutboxMailer(db, "Postroom <bench@postroom.test>", () => {}),
    publicUrl: "http://localhost",
    sessionTtlMs: 3_600_000,
    webhooks: { allowedHosts: ["127.0.0.1"], requireHttps: false },
  });
  const running: JobWorker[] = [];
  try {
    const org = await services.organizations.create(OPERATOR, { name: `Webhook bench ${Date.now()}` });
    await services.webhooks.create(OPERATOR, { organizationId: org.id, url, types: ["account.updated"] });
    for (let i = 0; i < events; i += 100) {
      await db.transaction(async (m) => {
        for (let j = i; j < Math.min(events, i + 100); j++) {
          await writeEvent(m, {
            organizationId: org.id,
            type: "account.updated",
            occurredAt: new Date(),
            data: { object: { type: "Account", id: `bench-${j}` } },
          });
        }
      });
    }
    const started = Date.now();
    for (let w = 0; w < workers; w++) {
      const worker = new JobWorker(db, jobHandlers(services), { owner: `bench-${w}`, pollMs: 5, batch: 50, log: () => {} });
      worker.start();
      running.push(worker);
    }
    await all;
    const seconds = (Date.now() - started) / 1000;
    return {
      name: "webhook deliveries to a loopback receiver",
      rps: events / seconds,
      note: `${events.toLocaleString("en")} deliveries, ${workers} workers in one process, signed, each a durable job`,
    };
  } finally {
    for (const worker of running) await worker.stop();
    await db.close();
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}

/** `node bench-dist/bench/webhook-deliveries.js [DATABASE_URL]` (after `npm run bench` compiled it): a fresh SQLite file unless a database URL is given. */
if (require.main === module) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "postroom-webhook-bench-"));
  const url = process.argv[2] ?? `sqlite:${path.join(dir, "bench.sqlite")}`;
  benchWebhookDeliveries(url)
    .then((r) => console.log(`| ${r.name} | ${Math.round(r.rps).toLocaleString("en")} deliveries/s | ${r.note} |`))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}
