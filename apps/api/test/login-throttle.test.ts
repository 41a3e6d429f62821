import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { print } from "graphql";
import { openDatabase } from "../src/db/database";
import { OutboxMailer } from "../src/mail/mailer";
import { createServer } from "../src/server";
import { createServices } from "../src/services";
import { dialects } from "./support/databases";
import { type GqlResponse, OPERATOR_EMAIL, OPERATOR_PASSWORD, useTestApp } from "./support/harness";
import { AccountsDocument, DisableAccountDocument, LoginDocument, type LoginMutation, UpdateAccountDocument, ViewerDocument } from "./generated/graphql";

const WINDOW_MS = 15 * 60_000;

/** A login from `clientAddress`: the server trusts X-Forwarded-For from loopback, as behind a local proxy. */
async function loginAt(url: string, email: string, password: string, clientAddress = "203.0.113.7"): Promise<GqlResponse<LoginMutation>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": clientAddress },
    body: JSON.stringify({ query: print(LoginDocument), variables: { email, password } }),
  });
  const body = await response.text();
  const parsed = JSON.parse(body) as { data?: LoginMutation; errors?: GqlResponse["errors"] };
  return { status: response.status, data: parsed.data ?? undefined, errors: parsed.errors, body, headers: response.headers };
}

function codeOf(res: GqlResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

describe.each(dialects())("login throttling (%s)", (dialect) => {
  const app = useTestApp(dialect);

  async function orgWithUsers() {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    await app.createAccount(acme.orgId, { primaryAddress: "victim@acme.test", profile: "PROFESSIONAL", password: "victim-password-1" });
    await app.createAccount(acme.orgId, { primaryAddress: "other@acme.test", profile: "PROFESSIONAL", password: "other-password-1" });
    return acme;
  }

  it("refuses the 11th failure on one account within 15 minutes with RATE_LIMITED and retryAfter, without evaluating the password", async () => {
    await orgWithUsers();
    for (let i = 0; i < 10; i++) {
      const res = await loginAt(app.url, "victim@acme.test", `wrong-${i}`);
      expect(codeOf(res)).toBe("UNAUTHENTICATED");
    }
    const throttled = await loginAt(app.url, "victim@acme.test", "wrong-again");
    expect(codeOf(throttled)).toBe("RATE_LIMITED");
    const retryAfter = throttled.errors?.[0].extensions?.retryAfter;
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter as number).toBeGreaterThan(WINDOW_MS / 1000 - 60);
    expect(retryAfter as number).toBeLessThanOrEqual(WINDOW_MS / 1000);

    // The right password is refused the same way: nothing is confirmed while throttled.
    const right = await loginAt(app.url, "victim@acme.test", "victim-password-1");
    expect(codeOf(right)).toBe("RATE_LIMITED");
    expect(right.data?.login).toBeUndefined();
    // Other spellings of the same login name share the count.
    expect(codeOf(await loginAt(app.url, "  VICTIM@Acme.Test ", "victim-password-1", "198.51.100.9"))).toBe("RATE_LIMITED");
    // Refused attempts are not failures: the count stays at the ten evaluated ones.
    expect(await app.count("login_failure")).toBe(20);
  });

  it("lets another user's correct password through while one account is throttled", async () => {
    await orgWithUsers();
    for (let i = 0; i < 10; i++) await loginAt(app.url, "victim@acme.test", `wrong-${i}`);
    expect(codeOf(await loginAt(app.url, "victim@acme.test", "victim-password-1"))).toBe("RATE_LIMITED");
    const other = await loginAt(app.url, "other@acme.test", "other-password-1");
    expect(other.errors).toBeUndefined();
    expect((await app.request(ViewerDocument, {}, other.data?.login.token)).viewer?.role).toBe("PROFESSIONAL");
  });

  it("frees the account when its failures leave the 15-minute window", async () => {
    await orgWithUsers();
    for (let i = 0; i < 10; i++) await loginAt(app.url, "victim@acme.test", `wrong-${i}`);
    expect(codeOf(await loginAt(app.url, "victim@acme.test", "victim-password-1"))).toBe("RATE_LIMITED");
    // Age the failures: the oldest falls out of the window, one more attempt is allowed.
    await app.db.manager.query("UPDATE login_failure SET failed_at = failed_at - ?", [WINDOW_MS + 1000]);
    const ok = await loginAt(app.url, "victim@acme.test", "victim-password-1");
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.login.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("does not confirm a disabled account's password to someone who is throttled", async () => {
    const acme = await orgWithUsers();
    const victimId = (await app.request(AccountsDocument, { organizationId: acme.orgId, search: "victim" })).accounts.edges[0].node.id;
    await app.request(DisableAccountDocument, { id: victimId });
    expect(codeOf(await loginAt(app.url, "victim@acme.test", "victim-password-1"))).toBe("ACCOUNT_DISABLED");
    for (let i = 0; i < 9; i++) expect(codeOf(await loginAt(app.url, "victim@acme.test", `wrong-${i}`))).toBe("UNAUTHENTICATED");
    // Disabled answers count as failures too; now only RATE_LIMITED, right password or not.
    expect(codeOf(await loginAt(app.url, "victim@acme.test", "victim-password-1"))).toBe("RATE_LIMITED");
    expect(codeOf(await loginAt(app.url, "victim@acme.test", "wrong"))).toBe("RATE_LIMITED");
  });

  it("limits failures per client address to 100 in 15 minutes, whatever the login names", async () => {
    await orgWithUsers();
    for (let i = 0; i < 100; i++) {
      expect(codeOf(await loginAt(app.url, `nobody-${i % 25}@acme.test`, "wrong", "192.0.2.44"))).toBe("UNAUTHENTICATED");
    }
    const refused = await loginAt(app.url, "other@acme.test", "other-password-1", "192.0.2.44");
    expect(codeOf(refused)).toBe("RATE_LIMITED");
    expect(refused.errors?.[0].extensions?.retryAfter).toEqual(expect.any(Number));
    // The same user from another address signs in.
    expect((await loginAt(app.url, "other@acme.test", "other-password-1", "192.0.2.45")).errors).toBeUndefined();
  });

  it("evaluates at most 10 of 50 concurrent wrong passwords for one account", async () => {
    await orgWithUsers();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => loginAt(app.url, "victim@acme.test", `wrong-${i}`, `198.51.100.${i}`)));
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === "UNAUTHENTICATED").length).toBeLessThanOrEqual(10);
    expect(codes.filter((c) => c !== "UNAUTHENTICATED")).toEqual(
      Array(codes.length - codes.filter((c) => c === "UNAUTHENTICATED").length).fill("RATE_LIMITED"),
    );
    expect(codes.filter((c) => c === "RATE_LIMITED").length).toBeGreaterThanOrEqual(40);
  });

  it("clears the login name's failures after a successful sign-in", async () => {
    await orgWithUsers();
    for (let i = 0; i < 9; i++) await loginAt(app.url, "victim@acme.test", `wrong-${i}`);
    expect((await loginAt(app.url, "victim@acme.test", "victim-password-1")).errors).toBeUndefined();
    for (let i = 0; i < 10; i++) expect(codeOf(await loginAt(app.url, "victim@acme.test", `wrong-${i}`))).toBe("UNAUTHENTICATED");
    expect(codeOf(await loginAt(app.url, "victim@acme.test", "victim-password-1"))).toBe("RATE_LIMITED");
  });

  it("throttles the operator's login name too", async () => {
    for (let i = 0; i < 10; i++) expect(codeOf(await loginAt(app.url, OPERATOR_EMAIL, `wrong-${i}`))).toBe("UNAUTHENTICATED");
    expect(codeOf(await loginAt(app.url, OPERATOR_EMAIL, OPERATOR_PASSWORD))).toBe("RATE_LIMITED");
  });

  it("shares the count between two API processes on one database", async () => {
    await orgWithUsers();
    // A second, independent server: its own connection, services and HTTP listener on the same database.
    const db2 = await openDatabase(app.database.url);
    const services2 = createServices({
      db: db2,
      dns: { txt: async () => [] },
      mailer: new OutboxMailer(db2, "x@postroom.test", () => {}),
      publicUrl: "http://b.postroom.test",
      sessionTtlMs: 3_600_000,
    });
    const server2 = await createServer({ db: db2, services: services2, production: true, adminDist: null });
    const http2: Server = server2.app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => http2.once("listening", resolve));
    const url2 = `http://127.0.0.1:${(http2.address() as AddressInfo).port}/graphql`;
    try {
      for (let i = 0; i < 10; i++) {
        const url = i % 2 === 0 ? app.url : url2;
        expect(codeOf(await loginAt(url, "victim@acme.test", `wrong-${i}`))).toBe("UNAUTHENTICATED");
      }
      expect(codeOf(await loginAt(app.url, "victim@acme.test", "victim-password-1"))).toBe("RATE_LIMITED");
      expect(codeOf(await loginAt(url2, "victim@acme.test", "victim-password-1"))).toBe("RATE_LIMITED");
      expect((await loginAt(url2, "other@acme.test", "other-password-1")).errors).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => http2.close(() => resolve()));
      await server2.stop();
      await db2.close();
    }
  });

  it("refuses a document with two login fields before running either", async () => {
    await orgWithUsers();
    const twice = `mutation { a: login(email: "victim@acme.test", password: "x1") { token } b: login(email: "victim@acme.test", password: "victim-password-1") { token } }`;
    const res = await app.gql(twice, {}, null);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors?.[0].message).toBe("Only one login is allowed per request.");
    expect(res.data).toBeUndefined();
    const viaFragments = `mutation { ...L ... on Mutation { x: login(email: "other@acme.test", password: "x") { token } } } fragment L on Mutation { y: login(email: "victim@acme.test", password: "y") { token } }`;
    expect(await app.code(viaFragments, {}, null)).toBe("BAD_USER_INPUT");
    const fifteen = `mutation { ${Array.from({ length: 15 }, (_, i) => `l${i}: login(email: "victim@acme.test", password: "p${i}") { token }`).join(" ")} }`;
    expect(await app.code(fifteen, {}, null)).toBe("BAD_USER_INPUT");
    // Nothing ran: no failure was recorded, no session made.
    expect(await app.count("login_failure")).toBe(0);
    expect((await loginAt(app.url, "victim@acme.test", "victim-password-1")).errors).toBeUndefined();
  });
});

describe.each(dialects())("a password change ends the account's other sessions (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it("ends every session of the account but the caller's own", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const proId = await app.createAccount(acme.orgId, { primaryAddress: "pro@acme.test", profile: "PROFESSIONAL", password: "pro-password-1" });
    const phone = await app.login("pro@acme.test", "pro-password-1");
    const laptop = await app.login("pro@acme.test", "pro-password-1");
    const otherAdminSession = await app.login("admin@acme.test", "admin-password-1");

    await app.request(UpdateAccountDocument, { id: proId, input: { password: "pro-password-2" } }, acme.adminToken);
    for (const token of [phone, laptop]) expect((await app.request(ViewerDocument, {}, token)).viewer).toBeNull();
    expect(codeOf(await loginAt(app.url, "pro@acme.test", "pro-password-1"))).toBe("UNAUTHENTICATED");
    expect((await app.login("pro@acme.test", "pro-password-2")).length).toBe(43);

    // An admin changing their own password keeps the session they did it from, and ends their others.
    const admin = (await app.request(ViewerDocument, {}, acme.adminToken)).viewer!.account!.id;
    await app.request(UpdateAccountDocument, { id: admin, input: { password: "admin-password-2" } }, acme.adminToken);
    expect((await app.request(ViewerDocument, {}, acme.adminToken)).viewer?.account?.id).toBe(admin);
    expect((await app.request(ViewerDocument, {}, otherAdminSession)).viewer).toBeNull();

    // Other changes leave sessions alone.
    const tablet = await app.login("pro@acme.test", "pro-password-2");
    await app.request(UpdateAccountDocument, { id: proId, input: { displayName: "Pro Renamed" } }, acme.adminToken);
    expect((await app.request(ViewerDocument, {}, tablet)).viewer?.account?.displayName).toBe("Pro Renamed");
  });
});
