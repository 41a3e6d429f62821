import { createHash } from "node:crypto";
import { newKeySecret } from "../src/api-keys/api-key-secret";
import { ACCOUNTS, CREATE_KEY, LIST_KEYS, REVOKE_KEY, ROTATE_KEY, createKey, daysFromNow } from "./support/api-keys";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const HOUR = 3_600_000;

describe.each(dialects())("API keys on %s", (dialect) => {
  const app = useTestApp(dialect);

  async function acme() {
    return app.orgWithAdmin("Acme", "acme.test");
  }

  it("returns a prk_ secret once, stores only its hash, and never shows it again", async () => {
    const { orgId, adminToken } = await acme();
    const data = await app.ok(
      CREATE_KEY,
      { i: { organizationId: orgId, name: "CRM sync", scopes: ["accounts:write", "resolve"], expiresAt: daysFromNow(90) } },
      adminToken,
    );
    const { secret, apiKey } = data.createApiKey;
    expect(secret).toMatch(/^prk_[0-9A-Za-z]{49}$/);
    expect(apiKey).toMatchObject({
      name: "CRM sync",
      scopes: ["accounts:write", "resolve"],
      domains: null,
      allowedIps: null,
      createdBy: "admin@acme.test",
      organizationId: orgId,
    });
    const rows: Record<string, unknown>[] = await app.db.manager.query("SELECT * FROM api_key");
    expect(rows.map((r) => r.secret_hash)).toEqual([sha256(secret)]);
    expect(JSON.stringify(rows)).not.toContain(secret.slice(4, 20));
    const listed = await app.gql(LIST_KEYS, { o: orgId }, adminToken);
    expect(listed.data.apiKeys.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(["CRM sync"]);
    expect(listed.body).not.toContain("prk_");
  });

  it("authenticates as the key: the viewer is an API_KEY of its organization, and it reads what its scope allows", async () => {
    const { orgId } = await acme();
    const key = await createKey(app, orgId, { scopes: ["accounts:read"] });
    expect((await app.ok("{ viewer { role account { id } organization { id } } }", {}, key.secret)).viewer).toEqual({
      role: "API_KEY",
      account: null,
      organization: { id: orgId },
    });
    expect((await app.ok(ACCOUNTS, { o: orgId }, key.secret)).accounts.totalCount).toBe(1);
    expect((await app.ok(ACCOUNTS, {}, key.secret)).accounts.totalCount).toBe(1);
  });

  it("refuses an expired key with UNAUTHENTICATED", async () => {
    const { orgId } = await acme();
    const key = await createKey(app, orgId, { scopes: ["accounts:read"], expiresAt: daysFromNow(1) });
    expect((await app.ok(ACCOUNTS, { o: orgId }, key.secret)).accounts.totalCount).toBe(1);
    app.clock.offsetMs = 25 * HOUR;
    expect(await app.code(ACCOUNTS, { o: orgId }, key.secret)).toBe("UNAUTHENTICATED");
  });

  it("refuses a revoked key with UNAUTHENTICATED at once, and revoking again changes nothing", async () => {
    const { orgId, adminToken } = await acme();
    const key = await createKey(app, orgId, { scopes: ["accounts:read"] });
    expect((await app.ok(ACCOUNTS, { o: orgId }, key.secret)).accounts.totalCount).toBe(1);
    const revoked = (await app.ok(REVOKE_KEY, { id: key.id }, adminToken)).revokeApiKey.revokedAt;
    expect(revoked).not.toBeNull();
    expect(await app.code(ACCOUNTS, { o: orgId }, key.secret)).toBe("UNAUTHENTICATED");
    expect((await app.ok(REVOKE_KEY, { id: key.id }, adminToken)).revokeApiKey.revokedAt).toBe(revoked);
    expect(await app.code(ROTATE_KEY, { id: key.id }, adminToken)).toBe("BAD_USER_INPUT");
  });

  it("keeps a rotated key's previous secret working for 24 hours, then only the new one", async () => {
    const { orgId, adminToken } = await acme();
    const key = await createKey(app, orgId, { scopes: ["accounts:read"] });
    const rotated = (await app.ok(ROTATE_KEY, { id: key.id }, adminToken)).rotateApiKey;
    expect(rotated.secret).not.toBe(key.secret);
    expect(rotated.apiKey.id).toBe(key.id);
    expect(Date.parse(rotated.apiKey.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23 * HOUR);
    expect((await app.ok(ACCOUNTS, { o: orgId }, key.secret)).accounts.totalCount).toBe(1);
    app.clock.offsetMs = 23 * HOUR;
    expect((await app.ok(ACCOUNTS, { o: orgId }, key.secret)).accounts.totalCount).toBe(1);
    app.clock.offsetMs = 25 * HOUR;
    expect(await app.code(ACCOUNTS, { o: orgId }, key.secret)).toBe("UNAUTHENTICATED");
    expect((await app.ok(ACCOUNTS, { o: orgId }, rotated.secret)).accounts.totalCount).toBe(1);
  });

  it("refuses a secret with a bad checksum without any database statement; an unknown well-formed one costs a look-up", async () => {
    const { orgId } = await acme();
    const key = await createKey(app, orgId, { scopes: ["accounts:read"] });
    const last = key.secret.at(-1) === "0" ? "1" : "0";
    const mangled = `${key.secret.slice(0, -1)}${last}`;
    let before = app.db.counter.count;
    expect(await app.code(ACCOUNTS, { o: orgId }, mangled)).toBe("UNAUTHENTICATED");
    expect(app.db.counter.count - before).toBe(0);
    before = app.db.counter.count;
    expect(await app.code(ACCOUNTS, { o: orgId }, newKeySecret())).toBe("UNAUTHENTICATED");
    expect(app.db.counter.count - before).toBe(1);
  });

  it("records the last use and the client address, writing at most once a minute", async () => {
    const { orgId, adminToken } = await acme();
    const key = await createKey(app, orgId, { scopes: ["accounts:read"] });
    const node = async () => (await app.ok(LIST_KEYS, { o: orgId }, adminToken)).apiKeys.edges[0].node;
    expect(await node()).toMatchObject({ lastUsedAt: null, lastUsedIp: null });
    await app.ok(ACCOUNTS, { o: orgId }, key.secret);
    const first = await node();
    expect(first.lastUsedIp).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    expect(Math.abs(Date.parse(first.lastUsedAt) - Date.now())).toBeLessThan(60_000);
    app.clock.offsetMs = 30_000;
    await app.ok(ACCOUNTS, { o: orgId }, key.secret);
    expect((await node()).lastUsedAt).toBe(first.lastUsedAt);
    app.clock.offsetMs = 61_000;
    await app.ok(ACCOUNTS, { o: orgId }, key.secret);
    expect(Date.parse((await node()).lastUsedAt) - Date.parse(first.lastUsedAt)).toBeGreaterThanOrEqual(61_000 - 1000);
  });

  it("acts as itself in the audit log", async () => {
    const { orgId } = await acme();
    const key = await createKey(app, orgId, { name: "HR feed", scopes: ["accounts:write"] });
    await app.createAccount(orgId, { primaryAddress: "new@acme.test" }, key.secret);
    const data = await app.ok(
      'query($o: ID) { auditEvents(organizationId: $o, action: "account.create", first: 1) { edges { node { actorType actorId actorLabel } } } }',
      { o: orgId },
    );
    expect(data.auditEvents.edges[0].node).toEqual({ actorType: "API_KEY", actorId: key.id, actorLabel: "HR feed" });
  });

  it("validates what a key is made of", async () => {
    const { orgId, adminToken } = await acme();
    const create = (input: Record<string, unknown>) =>
      app.gql(CREATE_KEY, { i: { organizationId: orgId, name: "K", scopes: ["resolve"], expiresAt: daysFromNow(30), ...input } }, adminToken);
    const code = async (input: Record<string, unknown>) => (await create(input)).errors?.[0].extensions;
    expect(await code({ expiresAt: daysFromNow(366) })).toMatchObject({ code: "BAD_USER_INPUT", field: "expiresAt" });
    expect(await code({ expiresAt: daysFromNow(-1) })).toMatchObject({ code: "BAD_USER_INPUT", field: "expiresAt" });
    expect(await code({ scopes: [] })).toMatchObject({ code: "BAD_USER_INPUT", field: "scopes" });
    expect(await code({ scopes: ["accounts:admin"] })).toMatchObject({ code: "BAD_USER_INPUT", field: "scopes" });
    expect(await code({ domains: ["elsewhere.test"] })).toMatchObject({ code: "DOMAIN_NOT_OWNED" });
    expect(await code({ allowedIps: ["10.0.0.0/33"] })).toMatchObject({ code: "BAD_USER_INPUT", field: "allowedIps" });
    expect(await code({ allowedIps: ["not-an-ip"] })).toMatchObject({ code: "BAD_USER_INPUT", field: "allowedIps" });
    const { expiresAt: _omitted, ...withoutExpiry } = { organizationId: orgId, name: "K", scopes: ["resolve"], expiresAt: null };
    expect((await app.gql(CREATE_KEY, { i: withoutExpiry }, adminToken)).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(await app.count("api_key")).toBe(0);
  });

  it("lets operators make operator-wide keys that reach every organization within their scopes", async () => {
    const { orgId } = await acme();
    const beta = await app.orgWithAdmin("Beta", "beta.test");
    const data = await app.ok(CREATE_KEY, { i: { name: "Platform", scopes: ["accounts:read"], expiresAt: daysFromNow(30) } });
    expect(data.createApiKey.apiKey.organizationId).toBeNull();
    const secret = data.createApiKey.secret;
    expect((await app.ok(ACCOUNTS, { o: orgId }, secret)).accounts.totalCount).toBe(1);
    expect((await app.ok(ACCOUNTS, { o: beta.orgId }, secret)).accounts.totalCount).toBe(1);
    expect(await app.code("mutation($n: String!) { createOrganization(input: { name: $n }) { id } }", { n: "Gamma" }, secret)).toBe("FORBIDDEN");
  });
});
