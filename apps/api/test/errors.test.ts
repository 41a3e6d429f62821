import { ERROR_CODES } from "../src/errors";
import { dialects } from "./support/databases";
import { assertNoLeak, type GqlError, type GqlResponse, TestApp } from "./support/harness";

const ALLOWED_CODES = new Set<string>([...ERROR_CODES, "INTERNAL_SERVER_ERROR"]);
const MASKED = { message: "Internal server error.", extensions: { code: "INTERNAL_SERVER_ERROR" } };
const SECRET_ERROR = "SELECT * FROM secret WHERE x=1 QueryFailedError at foo (/x.js:1:2)";

interface RawResponse {
  status: number;
  body: string;
  contentType: string | null;
  json: { data?: unknown; errors?: GqlError[] } | null;
}

/** `levels` nested fields in total, counting `viewer` and the leaf `id`. */
function nested(levels: number): string {
  let selection = "id";
  for (let level = 2; level < levels; level += 2) selection = `account { addresses { ${selection} } }`;
  return `{ viewer { ${selection} } }`;
}

describe.each(dialects())("errors and hardening (%s)", (dialect) => {
  let app: TestApp;
  let seenCodes: string[] = [];
  beforeAll(async () => {
    app = await TestApp.start(dialect);
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    await app.reset();
    seenCodes = [];
  });
  afterEach(() => {
    expect(app.unexpectedErrors).toEqual([]);
    // Every code a client saw in this test is one the contract names.
    expect(seenCodes.filter((code) => !ALLOWED_CODES.has(code))).toEqual([]);
  });

  function record(errors: GqlError[] | undefined): void {
    for (const error of errors ?? []) seenCodes.push(error.extensions?.code ?? "NO_CODE");
  }

  async function gql(query: string, variables: Record<string, unknown> = {}, token: string | null = app.operatorToken): Promise<GqlResponse> {
    const res = await app.gql(query, variables, token);
    record(res.errors);
    return res;
  }

  /** A request the harness cannot make (wrong method, body, headers); checked for leaks all the same. */
  async function raw(init: RequestInit, url = app.url): Promise<RawResponse> {
    const response = await fetch(url, init);
    const body = await response.text();
    assertNoLeak(body);
    let json: RawResponse["json"] = null;
    try {
      json = JSON.parse(body);
    } catch {
      json = null;
    }
    record(json?.errors);
    return { status: response.status, body, contentType: response.headers.get("content-type"), json };
  }

  describe("masking", () => {
    it("answers an unexpected service error with a generic INTERNAL_SERVER_ERROR and logs the original", async () => {
      const orgId = await app.createOrg("Acme");
      const failure = new Error(SECRET_ERROR);
      const original = app.services.organizations.get;
      app.services.organizations.get = async () => {
        throw failure;
      };
      let res: GqlResponse;
      try {
        res = await gql("query($id: ID!) { organization(id: $id) { id name } }", { id: orgId });
      } finally {
        app.services.organizations.get = original;
      }
      expect(res.status).toBe(200);
      expect(res.data).toBeUndefined();
      expect(res.errors).toEqual([{ ...MASKED, path: ["organization"] }]);
      for (const fragment of ["SELECT", "secret", "QueryFailedError", "x=1", "/x.js", "foo (", "stack"]) expect(res.body).not.toContain(fragment);
      expect(app.unexpectedErrors).toEqual([failure]);
      app.unexpectedErrors = [];

      expect((await app.ok("query($id: ID!) { organization(id: $id) { name } }", { id: orgId })).organization.name).toBe("Acme");
    });

    it("masks a programming error in a mutation", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const original = app.services.accounts.create;
      const thrown = new TypeError("Cannot read properties of undefined (reading 'organizationId')");
      app.services.accounts.create = async () => {
        throw thrown;
      };
      let res: GqlResponse;
      try {
        res = await gql('mutation { createAccount(input: { displayName: "X", primaryAddress: "x@acme.test" }) { id } }', {}, acme.adminToken);
      } finally {
        app.services.accounts.create = original;
      }
      expect(res.status).toBe(200);
      expect(res.errors).toEqual([{ ...MASKED, path: ["createAccount"] }]);
      expect(res.body).not.toContain("Cannot read properties");
      expect(res.body).not.toContain("organizationId");
      expect(app.unexpectedErrors).toEqual([thrown]);
      app.unexpectedErrors = [];
    });

    it("masks a database failure at the driver and in the ORM", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const failed = (await app.db.manager.query("SELECT nope FROM no_such_table WHERE secret = 1").catch((error: unknown) => error)) as Error & {
        driverError?: Error & { code?: string };
      };
      expect(failed.constructor.name).toBe("QueryFailedError");
      const driverError = failed.driverError as Error & { code?: string };
      expect(driverError.code).toBe(dialect === "sqlite" ? "SQLITE_ERROR" : "ER_NO_SUCH_TABLE");

      // The resolution hot path fails with the driver's own error from the raw statement runner.
      const sql = app.db.sql as { all: unknown };
      sql.all = () => Promise.reject(driverError);
      let resolved: GqlResponse;
      try {
        resolved = await gql('{ resolveAddress(address: "admin@acme.test") { address } }', {}, acme.adminToken);
      } finally {
        delete sql.all;
      }
      expect(resolved.status).toBe(200);
      expect(resolved.data).toEqual({ resolveAddress: null });
      expect(resolved.errors).toEqual([{ ...MASKED, path: ["resolveAddress"] }]);

      // An ORM call fails with TypeORM's wrapper, which quotes the SQL.
      const manager = app.db.manager as unknown as { findOne: unknown };
      manager.findOne = () => Promise.reject(failed);
      let org: GqlResponse;
      try {
        org = await gql("query($id: ID!) { organization(id: $id) { id } }", { id: acme.orgId }, acme.adminToken);
      } finally {
        delete manager.findOne;
      }
      expect(org.errors).toEqual([{ ...MASKED, path: ["organization"] }]);

      for (const body of [resolved.body, org.body]) {
        for (const fragment of ["no_such_table", "nope", "secret", "SQLITE", "SqliteError", "QueryFailedError", "Table"]) expect(body).not.toContain(fragment);
        expect(body).not.toMatch(/\bER_[A-Z]/);
      }
      expect(app.unexpectedErrors).toHaveLength(2);
      // better-sqlite3 is a native addon shared by every jest module registry in the process, so when
      // another suite loaded it first its errors fail graphql-js's `instanceof Error` and arrive wrapped.
      const logged = app.unexpectedErrors[0] as { thrownValue?: unknown };
      expect([logged, logged.thrownValue]).toContain(driverError);
      expect(app.unexpectedErrors[1]).toBe(failed);
      app.unexpectedErrors = [];

      // Nothing stays broken.
      expect((await app.ok('{ resolveAddress(address: "admin@acme.test") { deliverTo } }', {}, acme.adminToken)).resolveAddress.deliverTo).toEqual([
        "admin@acme.test",
      ]);
    });
  });

  describe("query mistakes", () => {
    it("refuses an unknown field without suggesting the right one", async () => {
      for (const query of ["{ organizations { totalCont } }", "{ organizations(firs: 5) { totalCount } }", "{ viewr { role } }"]) {
        const res = await gql(query);
        expect(res.status).toBe(400);
        expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
        expect(res.errors?.[0].message).not.toMatch(/did you mean/i);
        expect(res.errors?.[0].message).not.toMatch(/"(totalCount|first|viewer)"/);
        expect(res.data).toBeUndefined();
      }
    });

    it("refuses variables of the wrong type or missing", async () => {
      const wrongInt = await gql("query($f: Int) { organizations(first: $f) { totalCount } }", { f: "ten" });
      const wrongId = await gql("query($id: ID!) { organization(id: $id) { id } }", { id: { nested: true } });
      const missing = await gql("query($id: ID!) { organization(id: $id) { id } }", {});
      const wrongEnum = await gql("query($p: AccountProfile) { accounts(profile: $p) { totalCount } }", { p: "OWNER" });
      for (const res of [wrongInt, wrongId, missing, wrongEnum]) {
        expect(res.status).toBe(400);
        expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
        expect(res.data).toBeUndefined();
      }
      expect(wrongInt.errors?.[0].message).toMatch(/\$f/);
      expect(missing.errors?.[0].message).toMatch(/\$id/);
    });

    it("refuses queries nested deeper than 10 levels or with more than 15 aliases", async () => {
      const admin = await app.orgWithAdmin("Acme", "acme.test");
      expect(
        (await app.ok(nested(10), {}, admin.adminToken)).viewer.account.addresses[0].account.addresses[0].account.addresses[0].account.addresses[0].id,
      ).toMatch(/^[0-9a-f-]{36}$/);
      for (const levels of [12, 20]) {
        const res = await gql(nested(levels), {}, admin.adminToken);
        expect(res.status).toBe(400);
        expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
        expect(res.errors?.[0].message).toMatch(/depth limit of 10/);
        expect(res.data).toBeUndefined();
      }

      const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { role }`).join(" ")} }`;
      const fifteen = await app.ok(aliases(15));
      expect(Object.keys(fifteen)).toHaveLength(15);
      const sixteen = await gql(aliases(16));
      expect(sixteen.status).toBe(400);
      expect(sixteen.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
      expect(sixteen.errors?.[0].message).toMatch(/Aliases limit of 15/);
      expect(sixteen.data).toBeUndefined();
    });

    it("answers a malformed query with HTTP 400, not 500", async () => {
      // DESIGN §3/§7: a client's mistake is a refusal (BAD_USER_INPUT), never a server failure.
      for (const query of ["{ viewer { ", "query { viewer { role } } }", `{ viewer { ${Array(2100).fill("role").join(" ")} } }`]) {
        const res = await gql(query);
        expect({ query: query.slice(0, 30), status: res.status, codes: res.errors?.map((e) => e.extensions?.code) }).toEqual({
          query: query.slice(0, 30),
          status: 400,
          codes: ["BAD_USER_INPUT"],
        });
      }
    });

    it("answers a forged page cursor with BAD_USER_INPUT", async () => {
      const orgId = await app.createOrg("Acme");
      const forged = Buffer.from(JSON.stringify(["not-a-number"])).toString("base64url");
      for (const [query, variables] of [
        ["query($o: ID, $a: String) { auditEvents(organizationId: $o, after: $a) { totalCount } }", { o: orgId, a: forged }],
        ["query($o: ID, $a: String) { auditEvents(organizationId: $o, after: $a) { totalCount } }", { o: orgId, a: "%%%" }],
        ["query($o: ID, $a: String) { accounts(organizationId: $o, after: $a) { totalCount } }", { o: orgId, a: forged }],
      ] as const) {
        const res = await gql(query, variables);
        expect(res.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([["BAD_USER_INPUT", "The cursor is not valid."]]);
      }
      // The cursor the API handed out still works.
      const first = (await app.ok("query($o: ID) { auditEvents(organizationId: $o, first: 1) { pageInfo { endCursor } } }", { o: orgId })).auditEvents.pageInfo
        .endCursor;
      expect(
        (await app.ok("query($o: ID, $a: String) { auditEvents(organizationId: $o, after: $a) { totalCount edges { cursor } } }", { o: orgId, a: first }))
          .auditEvents,
      ).toEqual({ totalCount: 1, edges: [] });
    });
  });

  describe("transport", () => {
    it("refuses batched requests", async () => {
      const res = await raw({
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${app.operatorToken}` },
        body: JSON.stringify([
          { query: 'mutation { createOrganization(input: { name: "One" }) { id } }' },
          { query: 'mutation { createOrganization(input: { name: "Two" }) { id } }' },
        ]),
      });
      expect(res.status).toBe(400);
      expect(res.json?.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([["BAD_USER_INPUT", "Operation batching disabled."]]);
      expect(res.json?.data).toBeUndefined();
      expect((await app.ok("{ organizations { totalCount } }")).organizations.totalCount).toBe(0);
    });

    it("blocks requests a browser could send cross-site (CSRF prevention)", async () => {
      const get = await raw({ method: "GET" }, `${app.url}?query=${encodeURIComponent("{ viewer { role } }")}`);
      expect(get.status).toBe(400);
      expect(get.json?.data).toBeUndefined();
      expect(get.body).toMatch(/Cross-Site Request Forgery/);

      // A simple form-like POST carrying the session cookie must not run a mutation.
      const form = await raw({
        method: "POST",
        headers: { "content-type": "text/plain", cookie: `postroom_session=${app.operatorToken}` },
        body: JSON.stringify({ query: 'mutation { createOrganization(input: { name: "Forged" }) { id } }' }),
      });
      expect(form.status).toBe(400);
      expect(form.json?.data).toBeUndefined();
      expect((await app.ok("{ organizations { totalCount } }")).organizations.totalCount).toBe(0);

      // The same request with a JSON content type is an ordinary API call.
      const json = await raw({
        method: "POST",
        headers: { "content-type": "application/json", cookie: `postroom_session=${app.operatorToken}` },
        body: JSON.stringify({ query: "{ viewer { role } }" }),
      });
      expect(json.status).toBe(200);
      expect(json.json?.data).toEqual({ viewer: { role: "OPERATOR" } });
    });

    it("refuses a body over 100kb with 413 and a JSON error, and bad JSON with 400", async () => {
      const big = await raw({
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${app.operatorToken}` },
        body: JSON.stringify({ query: "{ viewer { role } }", variables: { padding: "x".repeat(120_000) } }),
      });
      expect(big.status).toBe(413);
      expect(big.contentType).toMatch(/^application\/json/);
      expect(big.json).toEqual({ errors: [{ message: "Request body too large.", extensions: { code: "BAD_USER_INPUT" } }] });
      expect(big.body).not.toMatch(/\bat \S+ \(|stack|PayloadTooLarge|raw-body|entity\.too\.large/i);

      const almost = await raw({
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${app.operatorToken}` },
        body: JSON.stringify({ query: "{ viewer { role } }", variables: { padding: "x".repeat(90_000) } }),
      });
      expect(almost.status).toBe(200);
      expect(almost.json?.data).toEqual({ viewer: { role: "OPERATOR" } });

      const broken = await raw({ method: "POST", headers: { "content-type": "application/json" }, body: '{"query": "{ viewer { role } }",' });
      expect(broken.status).toBe(400);
      expect(broken.json).toEqual({ errors: [{ message: "Bad request.", extensions: { code: "BAD_USER_INPUT" } }] });
      expect(broken.body).not.toMatch(/Unexpected|JSON at position|SyntaxError/);
    });
  });

  describe("error codes", () => {
    it("answers every refusal with one of the contract's codes and no internals", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const globex = await app.orgWithAdmin("Globex", "globex.test");
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      const guestId = await app.createAccount(acme.orgId, { primaryAddress: "guest@acme.test", profile: "GUEST", password: "guest-password-1" });
      const guest = await app.login("guest@acme.test", "guest-password-1");
      const guestAlias = (
        await app.ok("mutation($i: AddAliasInput!) { addAlias(input: $i) { alias { id } } }", { i: { accountId: guestId, address: "visitor@acme.test" } })
      ).addAlias.alias.id;
      const pending = (
        await app.ok("mutation($i: AddDomainInput!) { addDomain(input: $i) { id } }", { i: { organizationId: acme.orgId, name: "acme-pending.test" } })
      ).addDomain.id;
      const acmeDomain = (await app.ok("query($o: ID) { domains(organizationId: $o) { id name } }", { o: acme.orgId })).domains.find(
        (d: { name: string }) => d.name === "acme.test",
      ).id;
      await app.ok("mutation($id: ID!, $i: UpdateOrganizationPolicyInput!) { updateOrganizationPolicy(id: $id, input: $i) { id } }", {
        id: acme.orgId,
        i: { maxAliasesPerAccount: 0 },
      });
      const disabledId = await app.createAccount(acme.orgId, { primaryAddress: "gone@acme.test", password: "gone-password-1" });
      await app.ok("mutation($id: ID!) { disableAccount(id: $id) { id } }", { id: disabledId });
      const addAlias = "mutation($i: AddAliasInput!) { addAlias(input: $i) { alias { id } } }";

      const cases: [string, string, Record<string, unknown>, string | null][] = [
        ["UNAUTHENTICATED", "{ organizations { totalCount } }", {}, null],
        ["FORBIDDEN", 'mutation { createOrganization(input: { name: "X" }) { id } }', {}, acme.adminToken],
        ["NOT_FOUND", "query($id: ID!) { account(id: $id) { id } }", { id: bobId }, globex.adminToken],
        ["BAD_USER_INPUT", "{ accounts(first: 101) { totalCount } }", {}, acme.adminToken],
        ["INVALID_ADDRESS", addAlias, { i: { accountId: bobId, address: "bob..x@acme.test" } }, acme.adminToken],
        [
          "ADDRESS_TAKEN",
          "mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }",
          { i: { displayName: "B", primaryAddress: "bob@acme.test" } },
          acme.adminToken,
        ],
        ["DOMAIN_TAKEN", "mutation($i: AddDomainInput!) { addDomain(input: $i) { id } }", { i: { name: "globex.test" } }, acme.adminToken],
        [
          "DOMAIN_NOT_VERIFIED",
          "mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }",
          { i: { displayName: "P", primaryAddress: "p@acme-pending.test" } },
          acme.adminToken,
        ],
        [
          "DOMAIN_NOT_OWNED",
          "mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }",
          { i: { displayName: "E", primaryAddress: "e@elsewhere.test" } },
          acme.adminToken,
        ],
        ["FREE_MAIL_DOMAIN", "mutation($i: AddDomainInput!) { addDomain(input: $i) { id } }", { i: { name: "GMAIL.com" } }, acme.adminToken],
        ["DOMAIN_IN_USE", "mutation($id: ID!) { removeDomain(id: $id) { id } }", { id: acmeDomain }, acme.adminToken],
        ["DOMAIN_VERIFICATION_FAILED", "mutation($id: ID!) { verifyDomain(id: $id) { id } }", { id: pending }, acme.adminToken],
        ["ALIAS_NOT_ALLOWED", "mutation($id: ID!) { removeAddress(id: $id) { id } }", { id: guestAlias }, guest],
        ["ALIAS_LIMIT_REACHED", addAlias, { i: { accountId: bobId, address: "bobby@acme.test" } }, acme.adminToken],
        [
          "ACCOUNT_DISABLED",
          "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
          { e: "gone@acme.test", p: "gone-password-1" },
          null,
        ],
      ];
      const answered: string[] = [];
      for (const [, query, variables, token] of cases) {
        const res = await gql(query, variables, token);
        expect(res.status).toBeLessThan(500);
        expect(res.errors).toHaveLength(1);
        const error = res.errors![0];
        answered.push(error.extensions?.code ?? "NO_CODE");
        expect(Object.keys(error.extensions ?? {})).not.toEqual(expect.arrayContaining(["stacktrace"]));
        expect(Object.keys(error.extensions ?? {})).not.toEqual(expect.arrayContaining(["exception"]));
        expect(error.message.length).toBeGreaterThan(0);
      }
      expect(answered).toEqual(cases.map(([code]) => code));
      for (const code of answered) expect(ERROR_CODES).toContain(code);
    });
  });
});
