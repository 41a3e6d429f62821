import { dialects } from "./support/databases";
import { OPERATOR_EMAIL, OPERATOR_PASSWORD, useTestApp } from "./support/harness";
import {
  AccountDocument,
  AccountsDocument,
  AddAliasDocument,
  CreateOrganizationDocument,
  DisableAccountDocument,
  LoginDocument,
  LogoutDocument,
  OrganizationPolicyDocument,
  OrganizationsDocument,
  ResolveDocument,
  ViewerDocument,
} from "./generated/graphql";

describe.each(dialects())("sign-in and roles (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it("signs the operator in with a bearer token and an httpOnly cookie", async () => {
    const res = await app.gql(LoginDocument, { email: OPERATOR_EMAIL, password: OPERATOR_PASSWORD }, null);
    expect(res.data?.login.viewer).toEqual({ role: "OPERATOR", operator: { email: OPERATOR_EMAIL }, account: null });
    expect(res.data?.login.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^postroom_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const viaCookie = await app.gql(ViewerDocument, {}, null, { cookie: `postroom_session=${res.data?.login.token}` });
    expect(viaCookie.data?.viewer?.role).toBe("OPERATOR");
  });

  it("answers wrong credentials with one UNAUTHENTICATED message whatever was wrong", async () => {
    const wrongPassword = await app.gql(LoginDocument, { email: OPERATOR_EMAIL, password: "nope-nope-nope" }, null);
    const unknownUser = await app.gql(LoginDocument, { email: "nobody@nowhere.test", password: "nope-nope-nope" }, null);
    const notAnAddress = await app.gql(LoginDocument, { email: "not an address", password: "x" }, null);
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
    expect((await app.request(ViewerDocument, {}, token)).viewer?.role).toBe("OPERATOR");
    expect((await app.request(LogoutDocument, {}, token)).logout).toBe(true);
    expect((await app.request(ViewerDocument, {}, token)).viewer).toBeNull();
    expect(await app.code(OrganizationsDocument, {}, token)).toBe("UNAUTHENTICATED");
  });

  it("lets nobody signed in do anything but sign in", async () => {
    expect((await app.request(ViewerDocument, {}, null)).viewer).toBeNull();
    expect(await app.code(OrganizationsDocument, {}, null)).toBe("UNAUTHENTICATED");
    expect(await app.code(CreateOrganizationDocument, { input: { name: "X" } }, null)).toBe("UNAUTHENTICATED");
    expect(await app.code(ResolveDocument, { address: "a@b.com" }, null)).toBe("UNAUTHENTICATED");
    expect(await app.code(OrganizationsDocument, {}, "forged-token-that-is-not-real-at-all-0123456")).toBe("UNAUTHENTICATED");
  });

  it("enforces the roles: operator everywhere, admin inside its organization, professional and guest on themselves", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const globex = await app.orgWithAdmin("Globex", "globex.test");
    const proId = await app.createAccount(acme.orgId, { primaryAddress: "pro@acme.test", profile: "PROFESSIONAL", password: "pro-password-1" });
    const guestId = await app.createAccount(acme.orgId, { primaryAddress: "guest@acme.test", profile: "GUEST", password: "guest-password-1" });
    const pro = await app.login("pro@acme.test", "pro-password-1");
    const guest = await app.login("Guest@ACME.test", "guest-password-1");

    // Only operators create organizations.
    expect(await app.code(CreateOrganizationDocument, { input: { name: "X" } }, acme.adminToken)).toBe("FORBIDDEN");

    // Organizations: an account sees its own only.
    const seen = await app.request(OrganizationsDocument, {}, acme.adminToken);
    expect(seen.organizations.totalCount).toBe(1);
    expect(seen.organizations.edges[0].node.name).toBe("Acme");
    expect((await app.request(OrganizationsDocument, {})).organizations.totalCount).toBe(2);

    // Another organization's objects do not exist for an admin.
    expect(await app.code(AccountDocument, { id: globex.adminId }, acme.adminToken)).toBe("NOT_FOUND");
    expect(await app.code(AccountDocument, { id: "00000000-0000-0000-0000-000000000000" }, acme.adminToken)).toBe("NOT_FOUND");
    expect(await app.code(OrganizationPolicyDocument, { id: globex.orgId }, acme.adminToken)).toBe("NOT_FOUND");
    expect(await app.code(AccountsDocument, { organizationId: globex.orgId }, acme.adminToken)).toBe("NOT_FOUND");

    // Admins manage their organization.
    expect((await app.request(AccountDocument, { id: proId }, acme.adminToken)).account.id).toBe(proId);
    expect((await app.request(AccountsDocument, {}, acme.adminToken)).accounts.totalCount).toBe(3);

    // Professional and guest read themselves, nothing else.
    expect((await app.request(AccountDocument, { id: proId }, pro)).account.id).toBe(proId);
    expect((await app.request(AccountDocument, { id: guestId }, guest)).account.id).toBe(guestId);
    expect(await app.code(AccountDocument, { id: acme.adminId }, pro)).toBe("NOT_FOUND");
    expect(await app.code(AccountsDocument, {}, pro)).toBe("FORBIDDEN");
    expect(await app.code(DisableAccountDocument, { id: guestId }, pro)).toBe("FORBIDDEN");
    expect(await app.code(AddAliasDocument, { input: { accountId: proId, address: "p2@acme.test" } }, pro)).toBe("FORBIDDEN");
    const viewer = await app.request(ViewerDocument, {}, guest);
    expect(viewer.viewer).toMatchObject({ role: "GUEST", account: { id: guestId }, organization: { name: "Acme" } });
  });

  it("refuses a disabled account's sessions at once", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const id = await app.createAccount(acme.orgId, { primaryAddress: "leaver@acme.test", password: "leaver-password" });
    const token = await app.login("leaver@acme.test", "leaver-password");
    await app.request(DisableAccountDocument, { id }, acme.adminToken);
    expect((await app.request(ViewerDocument, {}, token)).viewer).toBeNull();
    expect(await app.code(LoginDocument, { email: "leaver@acme.test", password: "leaver-password" }, null)).toBe("ACCOUNT_DISABLED");
  });
});
