import { dialects } from "./support/databases";
import { OPERATOR_EMAIL, OPERATOR_PASSWORD, useTestApp } from "./support/harness";

const VIEWER = "{ viewer { role operator { email } account { id displayName } organization { id name } } }";

describe.each(dialects())("sign-in and roles (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it("signs the operator in with a bearer token and an httpOnly cookie", async () => {
    const res = await app.gql("mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token viewer { role operator { email } } } }", { e: OPERATOR_EMAIL, p: OPERATOR_PASSWORD }, null);
    expect(res.data.login.viewer).toEqual({ role: "OPERATOR", operator: { email: OPERATOR_EMAIL } });
    expect(res.data.login.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^postroom_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const viaCookie = await app.gql(VIEWER, {}, null, { cookie: `postroom_session=${res.data.login.token}` });
    expect(viaCookie.data.viewer.role).toBe("OPERATOR");
  });

  it("answers wrong credentials with one UNAUTHENTICATED message whatever was wrong", async () => {
    const q = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }";
    const wrongPassword = await app.gql(q, { e: OPERATOR_EMAIL, p: "nope-nope-nope" }, null);
    const unknownUser = await app.gql(q, { e: "nobody@nowhere.test", p: "nope-nope-nope" }, null);
    const notAnAddress = await app.gql(q, { e: "not an address", p: "x" }, null);
    for (const res of [wrongPassword, unknownUser, notAnAddress]) {
      expect(res.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
      expect(res.errors?.[0].message).toBe("Wrong email or password.");
    }
  });

  it("stores only the SHA-256 of session tokens", async () => {
    const token = await app.login(OPERATOR_EMAIL, OPERATOR_PASSWORD);
    const rows: { token_hash: string }[] = await app.db.manager.query("SELECT token_hash FROM session");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    expect(rows.map((r) => r.token_hash)).toContain(require("node:crypto").createHash("sha256").update(token).digest("hex"));
  });

  it("ends the session on logout", async () => {
    const token = await app.login(OPERATOR_EMAIL, OPERATOR_PASSWORD);
    expect((await app.ok(VIEWER, {}, token)).viewer.role).toBe("OPERATOR");
    expect((await app.ok("mutation { logout }", {}, token)).logout).toBe(true);
    expect((await app.ok(VIEWER, {}, token)).viewer).toBeNull();
    expect(await app.code("{ organizations { totalCount } }", {}, token)).toBe("UNAUTHENTICATED");
  });

  it("lets nobody signed in do anything but sign in", async () => {
    expect((await app.ok(VIEWER, {}, null)).viewer).toBeNull();
    expect(await app.code("{ organizations { totalCount } }", {}, null)).toBe("UNAUTHENTICATED");
    expect(await app.code('mutation { createOrganization(input: { name: "X" }) { id } }', {}, null)).toBe("UNAUTHENTICATED");
    expect(await app.code('{ resolveAddress(address: "a@b.com") { address } }', {}, null)).toBe("UNAUTHENTICATED");
    expect(await app.code("{ organizations { totalCount } }", {}, "forged-token-that-is-not-real-at-all-0123456")).toBe("UNAUTHENTICATED");
  });

  it("enforces the roles: operator everywhere, admin inside its organization, professional and guest on themselves", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const globex = await app.orgWithAdmin("Globex", "globex.test");
    const proId = await app.createAccount(acme.orgId, { primaryAddress: "pro@acme.test", profile: "PROFESSIONAL", password: "pro-password-1" });
    const guestId = await app.createAccount(acme.orgId, { primaryAddress: "guest@acme.test", profile: "GUEST", password: "guest-password-1" });
    const pro = await app.login("pro@acme.test", "pro-password-1");
    const guest = await app.login("Guest@ACME.test", "guest-password-1");

    // Only operators create organizations.
    expect(await app.code('mutation { createOrganization(input: { name: "X" }) { id } }', {}, acme.adminToken)).toBe("FORBIDDEN");

    // Organizations: an account sees its own only.
    const seen = await app.ok("{ organizations { totalCount edges { node { name } } } }", {}, acme.adminToken);
    expect(seen.organizations.totalCount).toBe(1);
    expect(seen.organizations.edges[0].node.name).toBe("Acme");
    expect((await app.ok("{ organizations { totalCount } }")).organizations.totalCount).toBe(2);

    // Another organization's objects do not exist for an admin.
    const accountQ = "query($id: ID!) { account(id: $id) { id displayName } }";
    expect(await app.code(accountQ, { id: globex.adminId }, acme.adminToken)).toBe("NOT_FOUND");
    expect(await app.code(accountQ, { id: "00000000-0000-0000-0000-000000000000" }, acme.adminToken)).toBe("NOT_FOUND");
    expect(await app.code("query($id: ID!) { organization(id: $id) { id } }", { id: globex.orgId }, acme.adminToken)).toBe("NOT_FOUND");
    expect(await app.code("query($o: ID!) { accounts(organizationId: $o) { totalCount } }", { o: globex.orgId }, acme.adminToken)).toBe("NOT_FOUND");

    // Admins manage their organization.
    expect((await app.ok(accountQ, { id: proId }, acme.adminToken)).account.id).toBe(proId);
    expect((await app.ok("{ accounts { totalCount } }", {}, acme.adminToken)).accounts.totalCount).toBe(3);

    // Professional and guest read themselves, nothing else.
    expect((await app.ok(accountQ, { id: proId }, pro)).account.id).toBe(proId);
    expect((await app.ok(accountQ, { id: guestId }, guest)).account.id).toBe(guestId);
    expect(await app.code(accountQ, { id: acme.adminId }, pro)).toBe("NOT_FOUND");
    expect(await app.code("{ accounts { totalCount } }", {}, pro)).toBe("FORBIDDEN");
    expect(await app.code("mutation($i: ID!) { disableAccount(id: $i) { id } }", { i: guestId }, pro)).toBe("FORBIDDEN");
    expect(await app.code("mutation($i: AddAliasInput!) { addAlias(input: $i) { alias { id } } }", { i: { accountId: proId, address: "p2@acme.test" } }, pro)).toBe("FORBIDDEN");
    const viewer = await app.ok(VIEWER, {}, guest);
    expect(viewer.viewer).toMatchObject({ role: "GUEST", account: { id: guestId }, organization: { name: "Acme" } });
  });

  it("refuses a disabled account's sessions at once", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const id = await app.createAccount(acme.orgId, { primaryAddress: "leaver@acme.test", password: "leaver-password" });
    const token = await app.login("leaver@acme.test", "leaver-password");
    await app.ok("mutation($i: ID!) { disableAccount(id: $i) { status } }", { i: id }, acme.adminToken);
    expect((await app.ok(VIEWER, {}, token)).viewer).toBeNull();
    expect(await app.code("mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }", { e: "leaver@acme.test", p: "leaver-password" }, null)).toBe("ACCOUNT_DISABLED");
  });
});
