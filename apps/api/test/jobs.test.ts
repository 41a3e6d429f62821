import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { SecondaryAddressService } from "../src/addresses/secondary-address.service";
import { BuiltInMailProvider, type MailProvider, type ProvisionRequest } from "../src/jobs/mail-provider";
import { dialects } from "./support/databases";
import { TestApp } from "./support/harness";
import { AddSecondaryAddressDocument, AuditEventsDocument, type JobState, JobsDocument, type JobsQuery, ResolveDocument } from "./generated/graphql";

const CHILD = path.join(__dirname, "support/job-worker-child.js");
const BUILT_API = path.resolve(__dirname, "../dist/services.js");

/** What an admin reads when a job failed for a reason only the server log explains. */
const INTERNAL_REF = /^INTERNAL: the job failed; see the server log \(ref [0-9a-f]{12}\)$/;
const refOf = (lastError: string | null) => /\(ref ([0-9a-f]{12})\)/.exec(lastError ?? "")?.[1] ?? "no ref";

type JobNode = JobsQuery["jobs"]["edges"][number]["node"];

/** The worker processes run apps/api/dist: refuse to test a missing or stale build. */
function requireBuiltApi(): void {
  if (!fs.existsSync(BUILT_API)) {
    throw new Error(`The multi-process job tests run the BUILT api, and ${BUILT_API} is missing: run \`npm run build\` in apps/api before \`npm test\`.`);
  }
  const src = path.resolve(__dirname, "../src");
  const dist = path.resolve(__dirname, "../dist");
  for (const file of fs.readdirSync(src, { recursive: true }) as string[]) {
    if (!file.endsWith(".ts") || file.endsWith(".test.ts") || file.endsWith(".d.ts")) continue;
    const built = path.join(dist, file.replace(/\.ts$/, ".js"));
    if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < fs.statSync(path.join(src, file)).mtimeMs) {
      throw new Error(
        `The multi-process job tests run the BUILT api, and ${built} is missing or older than src/${file}: run \`npm run build\` in apps/api before \`npm test\`.`,
      );
    }
  }
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(everyMs);
  }
}

async function allJobs(app: TestApp, organizationId: string, state?: JobState): Promise<JobNode[]> {
  const out: JobNode[] = [];
  let after: string | null = null;
  for (;;) {
    const data: JobsQuery = await app.request(JobsDocument, { organizationId, state: state ?? null, first: 100, after });
    out.push(...data.jobs.edges.map((e) => e.node));
    if (!data.jobs.pageInfo.hasNextPage) return out;
    after = data.jobs.pageInfo.endCursor;
  }
}

async function ledger(app: TestApp): Promise<{ idempotency_key: string; address: string; calls: number }[]> {
  const rows: { idempotency_key: string; address: string; calls: number | string }[] = await app.db.manager.query(
    "SELECT idempotency_key, address, calls FROM provider_ledger ORDER BY address",
  );
  return rows.map((r) => ({ ...r, calls: Number(r.calls) }));
}

async function provisionedEvents(app: TestApp, organizationId: string, addressId: string): Promise<{ action: string; summary: Record<string, unknown> }[]> {
  const data = await app.request(AuditEventsDocument, { organizationId, targetId: addressId, first: 100 });
  return data.auditEvents.edges.map((e) => e.node).filter((n) => n.action === "address.provisioned");
}

/** A job worker in a child process over the built API (see support/job-worker-child.js). */
class WorkerProcess {
  readonly events: { event: string; job?: string; key?: string }[] = [];
  stderr = "";
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly exited: Promise<void>;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(
    databaseUrl: string,
    readonly name: string,
    options: { mode?: "normal" | "hang"; leaseMs?: number; pollMs?: number } = {},
  ) {
    this.child = spawn(process.execPath, [CHILD], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        WORKER_NAME: name,
        WORKER_MODE: options.mode ?? "normal",
        LEASE_MS: String(options.leaseMs ?? 60_000),
        POLL_MS: String(options.pollMs ?? 20),
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let buffer = "";
    this.child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.trim()) this.events.push(JSON.parse(line));
      }
    });
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString("utf8");
    });
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        resolve();
      });
    });
  }

  jobsRan(): string[] {
    return this.events.filter((e) => e.event === "ran").map((e) => e.job as string);
  }

  async waitFor(event: string): Promise<void> {
    await waitUntil(`${this.name} reports "${event}"`, () => {
      if (this.exit) throw new Error(`${this.name} exited (${JSON.stringify(this.exit)}) before "${event}": ${this.stderr}`);
      return this.events.some((e) => e.event === event);
    });
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Asks the worker to finish its loop and exit. */
  async stop(): Promise<void> {
    if (!this.exit) this.send("stop");
    await this.exited;
  }

  async kill(): Promise<void> {
    if (!this.exit) this.child.kill("SIGKILL");
    await this.exited;
  }
}

describe.each(dialects())("durable jobs (%s)", (dialect) => {
  let app: TestApp;
  const children: WorkerProcess[] = [];
  const spawnWorker = (name: string, options?: { mode?: "normal" | "hang"; leaseMs?: number; pollMs?: number }) => {
    const child = new WorkerProcess(app.database.url, name, options);
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    requireBuiltApi();
    app = await TestApp.start(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    await app.reset();
  });
  afterEach(async () => {
    for (const child of children.splice(0)) await child.kill();
    expect(app?.unexpectedErrors ?? []).toEqual([]);
  });

  /** Acme with `accounts` Exchange-enabled members. */
  async function exchangeAccounts(accounts: number) {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const ids: string[] = [];
    for (let i = 0; i < accounts; i++) ids.push(await app.createAccount(acme.orgId, { primaryAddress: `member${i}@acme.test`, exchangeEnabled: true }));
    return { ...acme, accountIds: ids };
  }

  it("two worker processes provision 200 addresses, each exactly once, sharing the work", async () => {
    const acme = await exchangeAccounts(10);
    const addressIds: string[] = [];
    await Promise.all(
      acme.accountIds.map(async (accountId, a) => {
        for (let i = 0; i < 20; i++) {
          const added = (await app.request(AddSecondaryAddressDocument, { input: { accountId, address: `desk${a}-${i}@acme.test` } }, acme.adminToken))
            .addSecondaryAddress;
          expect(added.status).toBe("PENDING_PROVISIONING");
          addressIds.push(added.id);
        }
      }),
    );
    const pending = await allJobs(app, acme.orgId, "PENDING");
    expect(pending).toHaveLength(200);
    const jobIds = pending.map((j) => j.id).sort();

    const workers = [spawnWorker("worker-a"), spawnWorker("worker-b")];
    for (const w of workers) await w.waitFor("ready");
    for (const w of workers) w.send("go");
    await waitUntil("all 200 jobs are DONE", async () => {
      for (const w of workers) if (w.exit) throw new Error(`${w.name} exited early: ${w.stderr}`);
      return (await app.count("SELECT COUNT(*) AS n FROM job WHERE state = 'DONE'")) === 200;
    });
    for (const w of workers) await w.stop();
    expect(workers.map((w) => w.exit)).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    expect(workers.map((w) => w.stderr)).toEqual(["", ""]);

    const [ranByA, ranByB] = workers.map((w) => w.jobsRan());
    expect(ranByA.length).toBeGreaterThan(0);
    expect(ranByB.length).toBeGreaterThan(0);
    expect(ranByA.length + ranByB.length).toBe(200);
    expect([...ranByA, ...ranByB].sort()).toEqual(jobIds);
    expect(ranByA.filter((id) => ranByB.includes(id))).toEqual([]);

    const rows = await ledger(app);
    expect(rows).toHaveLength(200);
    expect(rows.filter((r) => r.calls !== 1)).toEqual([]);
    expect(rows.map((r) => r.idempotency_key).sort()).toEqual(addressIds.map((id) => `provision:${id}`).sort());

    const done = await allJobs(app, acme.orgId);
    expect(done).toHaveLength(200);
    expect(done.filter((j) => j.state !== "DONE" || j.attempts !== 1 || j.lastError !== null)).toEqual([]);
    expect(await app.count("SELECT COUNT(*) AS n FROM address WHERE kind = 'SECONDARY' AND status = 'ACTIVE'")).toBe(200);
    expect(await app.count("SELECT COUNT(*) AS n FROM address WHERE status <> 'ACTIVE'")).toBe(0);
    expect(await app.count("SELECT COUNT(*) AS n FROM job WHERE lease_owner IS NOT NULL")).toBe(0);
    expect(await app.count("SELECT COUNT(*) AS n FROM audit_event WHERE action = 'address.provisioned'")).toBe(200);
    expect(await app.count("SELECT COUNT(DISTINCT target_id) AS n FROM audit_event WHERE action = 'address.provisioned'")).toBe(200);
    const sample = (await app.request(ResolveDocument, { address: "desk7-19@acme.test" })).resolveAddress;
    expect(sample).toMatchObject({ address: "desk7-19@acme.test", status: "ACTIVE", account: { id: acme.accountIds[7] }, deliverTo: ["member7@acme.test"] });
  });

  it("takes over the job of a worker killed mid-job once its lease has expired; nothing is lost or done twice", async () => {
    const acme = await exchangeAccounts(1);
    const added = (await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.accountIds[0], address: "crash@acme.test" } }, acme.adminToken))
      .addSecondaryAddress;

    const doomed = spawnWorker("doomed", { mode: "hang", leaseMs: 1500 });
    await doomed.waitFor("ready");
    doomed.send("go");
    await doomed.waitFor("provisioning");
    expect(await ledger(app)).toEqual([{ idempotency_key: `provision:${added.id}`, address: "crash@acme.test", calls: 1 }]);
    const [claimed] = await allJobs(app, acme.orgId);
    expect(claimed).toMatchObject({ state: "RUNNING", attempts: 1, payload: { addressId: added.id } });
    const lease: { lease_owner: string }[] = await app.db.manager.query("SELECT lease_owner FROM job WHERE id = ?", [claimed.id]);
    expect(lease).toEqual([{ lease_owner: "doomed" }]);

    await doomed.kill();
    expect(doomed.exit).toEqual({ code: null, signal: "SIGKILL" });
    expect(doomed.jobsRan()).toEqual([]);
    expect((await app.request(ResolveDocument, { address: "crash@acme.test" })).resolveAddress).toBeNull();

    const rescuer = app.worker({ owner: "rescuer" });
    let ran = 0;
    await waitUntil(
      "the rescuer has taken the job over",
      async () => {
        ran += await rescuer.runDue();
        return ran > 0;
      },
      30_000,
      100,
    );
    expect(ran).toBe(1);

    const [job] = await allJobs(app, acme.orgId);
    expect(job).toMatchObject({ id: claimed.id, state: "DONE", attempts: 2, lastError: null });
    expect((await app.request(ResolveDocument, { address: "crash@acme.test" })).resolveAddress).toMatchObject({
      address: "crash@acme.test",
      status: "ACTIVE",
      account: { id: acme.accountIds[0] },
      deliverTo: ["member0@acme.test"],
    });
    const events = await provisionedEvents(app, acme.orgId, added.id);
    expect(events).toHaveLength(1);
    expect(events[0].summary).toMatchObject({ jobId: claimed.id, attempts: 2 });
    // The provider was asked twice under one idempotency key: one provisioning, two calls.
    expect(await ledger(app)).toEqual([{ idempotency_key: `provision:${added.id}`, address: "crash@acme.test", calls: 2 }]);
    expect(await rescuer.runDue()).toBe(0);
    expect(await app.count("SELECT COUNT(*) AS n FROM job WHERE state <> 'DONE'")).toBe(0);
  });

  describe("retries", () => {
    /** A mail system that is down for the first `failures` calls. */
    class FlakyProvider implements MailProvider {
      calls = 0;
      constructor(private readonly failures: number) {}
      async provisionAddress(request: ProvisionRequest): Promise<void> {
        this.calls++;
        if (this.calls <= this.failures) throw new Error(`mail system unavailable (call ${this.calls})`);
        await new BuiltInMailProvider(app.db).provisionAddress(request);
      }
    }

    function handlersWith(provider: MailProvider) {
      return { "provision-address": new SecondaryAddressService(app.db, app.services.jobs, provider, 0).provisionHandler() };
    }

    it("retries a failing provider with exponential backoff, recording the last error, until it succeeds", async () => {
      const acme = await exchangeAccounts(1);
      const added = (await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.accountIds[0], address: "retry@acme.test" } }, acme.adminToken))
        .addSecondaryAddress;
      const provider = new FlakyProvider(2);
      const log: string[] = [];
      const worker = app.worker({ backoffMs: 1000, maxBackoffMs: 60_000, log: (line) => log.push(line) }, handlersWith(provider));

      /** Runs the worker once the job is due; returns the job and the window in which the worker ran. */
      const attempt = async () => {
        const [before] = await allJobs(app, acme.orgId);
        await waitUntil("the job is due again", () => Date.now() > Date.parse(before.runAt), 10_000, 50);
        const from = Date.now();
        expect(await worker.runDue()).toBe(1);
        const until = Date.now();
        const [after] = await allJobs(app, acme.orgId);
        return { job: after, from, until };
      };

      const first = await attempt();
      expect(first.job).toMatchObject({ state: "PENDING", attempts: 1, lastError: expect.stringMatching(INTERNAL_REF), doneAt: null });
      expect(log).toEqual([expect.stringContaining(`(ref ${refOf(first.job.lastError)}): Error: mail system unavailable (call 1)`)]);
      const firstDelay = { min: Date.parse(first.job.runAt) - first.until, max: Date.parse(first.job.runAt) - first.from };
      expect(firstDelay.min).toBeLessThanOrEqual(1000);
      expect(firstDelay.max).toBeGreaterThanOrEqual(1000);
      expect((await app.request(ResolveDocument, { address: "retry@acme.test" })).resolveAddress).toBeNull();

      const second = await attempt();
      expect(second.job).toMatchObject({ state: "PENDING", attempts: 2, lastError: expect.stringMatching(INTERNAL_REF), doneAt: null });
      expect(log[1]).toContain(
        `[jobs] provision-address ${second.job.id} attempt 2 failed (ref ${refOf(second.job.lastError)}): Error: mail system unavailable (call 2)`,
      );
      const secondDelay = { min: Date.parse(second.job.runAt) - second.until, max: Date.parse(second.job.runAt) - second.from };
      expect(secondDelay.min).toBeLessThanOrEqual(2000);
      expect(secondDelay.max).toBeGreaterThanOrEqual(2000);

      const third = await attempt();
      expect(third.job).toMatchObject({ state: "DONE", attempts: 3 });
      expect(provider.calls).toBe(3);
      expect(await ledger(app)).toEqual([{ idempotency_key: `provision:${added.id}`, address: "retry@acme.test", calls: 1 }]);
      expect((await app.request(ResolveDocument, { address: "retry@acme.test" })).resolveAddress).toMatchObject({
        status: "ACTIVE",
        account: { id: acme.accountIds[0] },
      });
      const events = await provisionedEvents(app, acme.orgId, added.id);
      expect(events.map((e) => e.summary.attempts)).toEqual([3]);
      expect(log).toHaveLength(2);
    });

    it("gives a job up as FAILED with its last error after maxAttempts", async () => {
      const acme = await exchangeAccounts(1);
      const added = (await app.request(AddSecondaryAddressDocument, { input: { accountId: acme.accountIds[0], address: "never@acme.test" } }, acme.adminToken))
        .addSecondaryAddress;
      const provider = new FlakyProvider(Number.MAX_SAFE_INTEGER);
      const log: string[] = [];
      const worker = app.worker({ backoffMs: 1, maxBackoffMs: 1, log: (line) => log.push(line) }, handlersWith(provider));

      let runs = 0;
      await waitUntil(
        "the job has given up",
        async () => {
          runs += await worker.runDue();
          const [job] = await allJobs(app, acme.orgId);
          return job.state !== "PENDING";
        },
        30_000,
        5,
      );
      expect(runs).toBe(10);
      expect(provider.calls).toBe(10);

      const [job] = await allJobs(app, acme.orgId);
      expect(job).toMatchObject({
        state: "FAILED",
        attempts: 10,
        maxAttempts: 10,
        lastError: expect.stringMatching(INTERNAL_REF),
        payload: { addressId: added.id },
      });
      expect(job.doneAt).toEqual(expect.any(String));
      expect(log).toHaveLength(11);
      expect(log[9]).toContain(`[jobs] provision-address ${job.id} attempt 10 failed (ref ${refOf(job.lastError)}): Error: mail system unavailable (call 10)`);
      expect(log[10]).toBe(`[jobs] provision-address ${job.id} failed for good after 10 attempts: ${job.lastError}`);
      expect(await worker.runDue()).toBe(0);
      expect(provider.calls).toBe(10);
      expect(await ledger(app)).toEqual([]);
      expect((await app.request(ResolveDocument, { address: "never@acme.test" })).resolveAddress).toBeNull();
      expect(await provisionedEvents(app, acme.orgId, added.id)).toEqual([]);
    });
  });
});
