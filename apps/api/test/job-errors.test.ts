import { NotFoundError } from "../src/errors";
import type { JobEntity } from "../src/jobs/job.entity";
import { JobFailure } from "../src/jobs/job.worker";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";

const JOBS = "query($o: ID!) { jobs(organizationId: $o, first: 100) { edges { node { kind state attempts lastError } } } }";

interface JobNode {
  kind: string;
  state: string;
  attempts: number;
  lastError: string | null;
}

describe.each(dialects())("what a failed job tells admins (%s)", (dialect) => {
  const app = useTestApp(dialect);

  async function enqueue(organizationId: string, kind: string): Promise<void> {
    await app.db.transaction((m) =>
      app.services.jobs.enqueue(m, { organizationId, kind, payload: {}, idempotencyKey: `test:${kind}`, runAt: new Date(Date.now() - 1000), maxAttempts: 1 }),
    );
  }

  it("stores a coded, human message in lastError and keeps the raw text in the server log only", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const raw = "ER_ACCESS_DENIED_ERROR: Access denied for user 'provisioner'@'10.0.0.7' (using password: YES) at SELECT * FROM mailbox";
    const handlers = {
      "provider-refuses": async (_job: JobEntity) => {
        throw new JobFailure("PROVIDER_ERROR", "the mail provider refused the address: mailbox quota exceeded");
      },
      "contract-error": async (_job: JobEntity) => {
        throw new NotFoundError("The address no longer exists.");
      },
      crashes: async (_job: JobEntity) => {
        throw new Error(raw);
      },
    };
    for (const kind of Object.keys(handlers)) await enqueue(acme.orgId, kind);
    const log: string[] = [];
    expect(await app.worker({ log: (line) => log.push(line) }, handlers).runDue()).toBe(3);

    const jobs = (await app.ok<{ jobs: { edges: { node: JobNode }[] } }>(JOBS, { o: acme.orgId }, acme.adminToken)).jobs.edges.map((e) => e.node);
    const byKind = Object.fromEntries(jobs.map((j) => [j.kind, j]));
    expect(byKind["provider-refuses"]).toEqual({
      kind: "provider-refuses",
      state: "FAILED",
      attempts: 1,
      lastError: "PROVIDER_ERROR: the mail provider refused the address: mailbox quota exceeded",
    });
    expect(byKind["contract-error"]).toEqual({ kind: "contract-error", state: "FAILED", attempts: 1, lastError: "NOT_FOUND: The address no longer exists." });
    const crashed = byKind.crashes.lastError ?? "";
    expect(crashed).toMatch(/^INTERNAL: the job failed; see the server log \(ref [0-9a-f]{12}\)$/);
    expect(crashed).not.toContain("provisioner");

    // The log line carries the same reference and the raw text, for whoever runs the server.
    const ref = /\(ref ([0-9a-f]{12})\)/.exec(crashed)?.[1];
    const crashLines = log.filter((line) => line.includes(`(ref ${ref})`));
    expect(crashLines).toHaveLength(2);
    expect(crashLines[0]).toContain(`attempt 1 failed (ref ${ref}): Error: ${raw}`);
    expect(crashLines[1]).toMatch(/failed for good after 1 attempts: INTERNAL: the job failed/);
    expect(log.some((line) => line.includes("mailbox quota exceeded"))).toBe(true);
  });
});
