import { createKey } from "./support/api-keys";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";

const CREATE_ACCOUNT = "mutation($i: CreateAccountInput!) { createAccount(input: $i) { id displayName } }";
const HOUR = 3_600_000;

describe.each(dialects())("Idempotency-Key on %s", (dialect) => {
  const app = useTestApp(dialect);

  async function setup() {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const key = await createKey(app, acme.orgId, { scopes: ["accounts:write"] });
    const input = (local: string) => ({ i: { organizationId: acme.orgId, displayName: local, primaryAddress: `${local}@acme.test` } });
    return { ...acme, key, input };
  }

  const accounts = (address: string) => app.count("SELECT COUNT(*) AS n FROM address WHERE address = ?", [address]);

  it("replays the first answer to a retry, with Idempotent-Replayed: true, and runs the mutation once", async () => {
    const { key, input } = await setup();
    const first = await app.gql(CREATE_ACCOUNT, input("carol"), key.secret, { "Idempotency-Key": "create-carol-1" });
    expect(first.data.createAccount.displayName).toBe("carol");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const retry = await app.gql(CREATE_ACCOUNT, input("carol"), key.secret, { "Idempotency-Key": "create-carol-1" });
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.status).toBe(200);
    expect(retry.body).toBe(first.body);
    expect(await accounts("carol@acme.test")).toBe(1);
  });

  it("replays a refusal too, and treats reordered variables as the same request", async () => {
    const { orgId, adminToken } = await setup();
    const taken = { i: { primaryAddress: "admin@acme.test", displayName: "Dup", organizationId: orgId } };
    const reordered = { i: { organizationId: orgId, displayName: "Dup", primaryAddress: "admin@acme.test" } };
    const first = await app.gql(CREATE_ACCOUNT, taken, adminToken, { "Idempotency-Key": "dup" });
    expect(first.errors?.[0].extensions?.code).toBe("ADDRESS_TAKEN");
    const retry = await app.gql(CREATE_ACCOUNT, reordered, adminToken, { "Idempotency-Key": "dup" });
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body).toBe(first.body);
  });

  it("answers IDEMPOTENCY_KEY_REUSED for the same key with another document or variables, and runs nothing", async () => {
    const { key, input } = await setup();
    await app.ok(CREATE_ACCOUNT, input("dave"), key.secret);
    const headers = { "Idempotency-Key": "k-1" };
    await app.gql(CREATE_ACCOUNT, input("erin"), key.secret, headers);
    const otherVariables = await app.gql(CREATE_ACCOUNT, input("frank"), key.secret, headers);
    expect(otherVariables.errors?.map((e) => e.extensions?.code)).toEqual(["IDEMPOTENCY_KEY_REUSED"]);
    const otherDocument = await app.gql("mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }", input("erin"), key.secret, headers);
    expect(otherDocument.errors?.map((e) => e.extensions?.code)).toEqual(["IDEMPOTENCY_KEY_REUSED"]);
    expect(await accounts("frank@acme.test")).toBe(0);
  });

  it("keeps keys apart per principal, and forgets them after 24 hours", async () => {
    const { key, adminToken, input } = await setup();
    const headers = { "Idempotency-Key": "shared-name" };
    expect((await app.gql(CREATE_ACCOUNT, input("gina"), key.secret, headers)).data.createAccount.displayName).toBe("gina");
    const other = await app.gql(CREATE_ACCOUNT, input("gina"), adminToken, headers);
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    expect(other.errors?.[0].extensions?.code).toBe("ADDRESS_TAKEN");
    app.clock.offsetMs = 25 * HOUR;
    const later = await app.gql(CREATE_ACCOUNT, input("gina"), key.secret, headers);
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect(later.errors?.[0].extensions?.code).toBe("ADDRESS_TAKEN");
  });

  it("answers IDEMPOTENCY_IN_PROGRESS to a retry while the first request still runs, then replays it", async () => {
    const { key, input } = await setup();
    const accountsService = app.services.accounts;
    const create = accountsService.create;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    accountsService.create = async (...args) => {
      await gate;
      return create.apply(accountsService, args);
    };
    try {
      const headers = { "Idempotency-Key": "slow" };
      const first = app.gql(CREATE_ACCOUNT, input("hank"), key.secret, headers);
      while ((await app.count("idempotency_request")) === 0) await new Promise((r) => setTimeout(r, 10));
      const retry = await app.gql(CREATE_ACCOUNT, input("hank"), key.secret, headers);
      expect(retry.errors?.map((e) => e.extensions?.code)).toEqual(["IDEMPOTENCY_IN_PROGRESS"]);
      release();
      expect((await first).data.createAccount.displayName).toBe("hank");
      const replay = await app.gql(CREATE_ACCOUNT, input("hank"), key.secret, headers);
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(replay.body).toBe((await first).body);
    } finally {
      accountsService.create = create;
    }
  });

  it("creates one account from 20 parallel retries of one createAccount", async () => {
    const { key, input } = await setup();
    const headers = { "Idempotency-Key": "race-20" };
    const answers = await Promise.all(Array.from({ length: 20 }, () => app.gql(CREATE_ACCOUNT, input("ivy"), key.secret, headers)));
    const created = answers.filter((a) => a.data?.createAccount);
    const busy = answers.filter((a) => a.errors?.[0].extensions?.code === "IDEMPOTENCY_IN_PROGRESS");
    expect(created.length + busy.length).toBe(20);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.data.createAccount.id)).size).toBe(1);
    expect(await accounts("ivy@acme.test")).toBe(1);
    const settled = await app.gql(CREATE_ACCOUNT, input("ivy"), key.secret, headers);
    expect(settled.data.createAccount.id).toBe(created[0].data.createAccount.id);
  });

  it("ignores the header on queries and refuses a key longer than 255 characters", async () => {
    const { orgId, key } = await setup();
    const query = await app.gql("query($o: ID) { accounts(organizationId: $o) { totalCount } }", { o: orgId }, key.secret, { "Idempotency-Key": "q" });
    expect(query.data.accounts.totalCount).toBe(1);
    expect(query.headers.get("idempotent-replayed")).toBeNull();
    expect(await app.count("idempotency_request")).toBe(0);
    const long = await app.gql(CREATE_ACCOUNT, { i: { organizationId: orgId, displayName: "x", primaryAddress: "x@acme.test" } }, key.secret, {
      "Idempotency-Key": "k".repeat(256),
    });
    expect(long.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "Idempotency-Key" });
    expect(await accounts("x@acme.test")).toBe(0);
  });
});
