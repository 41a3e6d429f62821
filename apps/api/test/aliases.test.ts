import { createHash, randomBytes } from "node:crypto";
import { dialects } from "./support/databases";
import { type GqlError, OPERATOR_EMAIL, TestApp } from "./support/harness";
import { type ReceivedMessage, SmtpSink } from "./support/smtp-sink";
import { ResolveDocument } from "./generated/graphql";

const CLAIM_FIELDS = "id address unicodeAddress expiresAt createdAt requestedBy account { id }";
const ALIAS_FIELDS = "id address unicodeAddress kind status account { id }";
const REQUEST = `mutation($i: RequestAliasInput!) { requestAlias(input: $i) { alias { ${ALIAS_FIELDS} } claim { ${CLAIM_FIELDS} } } }`;
const ADD_ALIAS = `mutation($i: AddAliasInput!) { addAlias(input: $i) { alias { ${ALIAS_FIELDS} } claim { ${CLAIM_FIELDS} } } }`;
const CONFIRM = "mutation($t: String!) { confirmAlias(token: $t) { address unicodeAddress status } }";
const RESEND = `mutation($c: ID!) { resendAliasConfirmation(claimId: $c) { ${CLAIM_FIELDS} } }`;
const CANCEL = `mutation($c: ID!) { cancelAliasClaim(claimId: $c) { ${CLAIM_FIELDS} } }`;
const REMOVE = "mutation($id: ID!) { removeAddress(id: $id) { id address kind } }";
const ACCOUNT = "query($id: ID!) { account(id: $id) { id aliases { id address kind status } pendingAliasClaims { id address unicodeAddress requestedBy } } }";
const POLICY = "mutation($id: ID!, $i: UpdateOrganizationPolicyInput!) { updateOrganizationPolicy(id: $id, input: $i) { policy { aliasSelfService maxAliasesPerAccount } } }";
const AUDIT = "query($o: ID!, $a: String, $t: ID) { auditEvents(organizationId: $o, action: $a, targetId: $t, first: 100) { totalCount edges { node { action targetType targetId actorType actorLabel summary } } } }";
const OUTBOX = "query { outbox(first: 10) { totalCount edges { node { recipient subject textBody htmlBody } } } }";

const PUBLIC_URL = "http://console.postroom.test";
const LINK = /http:\/\/console\.postroom\.test\/confirm-alias#t=([A-Za-z0-9_-]{43})/g;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** The distinct confirmation links in a message body (a well-formed message has exactly one). */
function linksIn(body: string): string[] {
  return [...new Set([...body.matchAll(LINK)].map((m) => m[0]))];
}

describe.each(dialects())("alias confirmation (%s)", (dialect) => {
  let app: TestApp;
  const sink = new SmtpSink();

  beforeAll(async () => {
    await sink.start();
    app = await TestApp.start(dialect, { smtpUrl: sink.url });
  });
  afterAll(async () => {
    await app?.close();
    await sink.stop();
  });
  beforeEach(async () => {
    await app.reset();
    sink.clear();
  });
  afterEach(() => {
    expect(app.unexpectedErrors).toEqual([]);
    expect(sink.errors).toEqual([]);
  });

  async function query<T = any>(sql: string): Promise<T[]> {
    return app.db.manager.query(sql);
  }

  async function count(table: string, where = ""): Promise<number> {
    const rows = await query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ""}`);
    return Number(rows[0].n);
  }

  async function aliasRows(address: string): Promise<number> {
    return count("address", `address = '${address}' AND kind = 'ALIAS'`);
  }

  /** Everything a refused call must leave alone: address rows, claim rows (tokens included), audit trail, mail sent. */
  async function state() {
    return {
      addresses: await query("SELECT id, address, kind, status, account_id FROM address ORDER BY id"),
      claims: await query("SELECT id, account_id, address, token_hash, expires_at, used_at, send_count, window_started_at FROM alias_claim ORDER BY id"),
      auditEvents: await count("audit_event"),
      mails: sink.messages.length,
    };
  }

  /** Expects exactly one refusal with `code`, answered without a 5xx, that changed nothing. */
  async function refuse(q: string, variables: Record<string, unknown>, token: string | null, code: string): Promise<GqlError> {
    const before = await state();
    const res = await app.gql(q, variables, token);
    expect(res.status).toBeLessThan(500);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].extensions?.code).toBe(code);
    expect(await state()).toEqual(before);
    return res.errors?.[0] as GqlError;
  }

  /** Acme Widgets on acme.test with an admin and Bob, a PROFESSIONAL account that signs in. */
  async function world() {
    const acme = await app.orgWithAdmin("Acme Widgets", "acme.test");
    const bobId = await app.createAccount(acme.orgId, { displayName: "Bob Builder", primaryAddress: "bob@acme.test", profile: "PROFESSIONAL", password: "bob-password-1" });
    const bob = await app.login("bob@acme.test", "bob-password-1");
    return { acme, bobId, bob };
  }

  /** The token of the message's confirmation link; the text and HTML parts carry the same link. */
  function tokenOf(message: ReceivedMessage): string {
    const links = linksIn(message.text ?? "");
    expect(links).toHaveLength(1);
    expect(linksIn(message.html ?? "")).toEqual(links);
    return links[0].slice(`${PUBLIC_URL}/confirm-alias#t=`.length);
  }

  /** Requests an alias that needs confirmation and returns the claim and the token mailed for it. */
  async function claim(accountId: string, address: string, as: string, mutation = REQUEST) {
    const data = await app.ok(mutation, { i: { accountId, address } }, as);
    const payload = data.requestAlias ?? data.addAlias;
    expect(payload.alias).toBeNull();
    expect(payload.claim).not.toBeNull();
    const message = await sink.next(payload.claim.address);
    return { claim: payload.claim as { id: string; address: string; expiresAt: string; createdAt: string; requestedBy: string }, message, token: tokenOf(message) };
  }

  async function account(id: string, as = app.operatorToken) {
    return (await app.ok(ACCOUNT, { id }, as)).account;
  }

  async function resolve(address: string) {
    return (await app.request(ResolveDocument, { address })).resolveAddress;
  }

  describe("the self-service flow", () => {
    it("confirms a professional's alias on a public mail provider through the mailed link, without signing in", async () => {
      const { bobId, bob } = await world();
      const data = await app.ok(REQUEST, { i: { accountId: bobId, address: "  Bob.Private@GMAIL.com " } }, bob);
      expect(data.requestAlias.alias).toBeNull();
      const pending = data.requestAlias.claim;
      expect(pending).toMatchObject({ address: "bob.private@gmail.com", unicodeAddress: "bob.private@gmail.com", requestedBy: "bob@acme.test", account: { id: bobId } });
      expect(Date.parse(pending.expiresAt) - Date.parse(pending.createdAt)).toBe(DAY);

      // Exactly one message, to the alias address.
      expect(sink.messages).toHaveLength(1);
      const message = await sink.next("bob.private@gmail.com");
      expect(message.envelopeTo).toEqual(["bob.private@gmail.com"]);
      expect(message.envelopeFrom).toBe("postroom@postroom.test");
      expect(message.from).toBe('"Postroom" <postroom@postroom.test>');
      expect(message.subject).toBe("Confirm bob.private@gmail.com as an alias of bob@acme.test");
      expect(message.contentType).toBe("multipart/alternative");
      expect(message.raw).toMatch(/Content-Type: text\/plain/);
      expect(message.raw).toMatch(/Content-Type: text\/html/);

      // Who asked, for which account of which organization, and what not clicking means.
      const text = message.text as string;
      expect(text).toContain("Acme Widgets asked to add bob.private@gmail.com as an alias of the account");
      expect(text).toContain("Bob Builder <bob@acme.test>.");
      expect(text).toContain("If you did not ask for this, ignore this message: nothing changes");
      expect(text).toContain("address stays unlinked.");
      const html = message.html as string;
      expect(html).toContain("Acme Widgets asked to add <strong>bob.private@gmail.com</strong> as an alias of the account Bob Builder &lt;bob@acme.test&gt;.");
      expect(html).toContain("If you did not ask for this, ignore this message: nothing changes and this address stays unlinked.");

      // No images, no tracking: the confirmation link is the only URL in either part.
      const token = tokenOf(message);
      const link = `${PUBLIC_URL}/confirm-alias#t=${token}`;
      expect(message.attachments).toBe(0);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/\bsrc\s*=/i);
      expect(html).not.toMatch(/url\(/i);
      expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual([link]);
      expect(new Set(html.match(/https?:\/\/[^\s"<>]+/g))).toEqual(new Set([link]));
      expect(new Set(text.match(/https?:\/\/\S+/g))).toEqual(new Set([link]));

      // A pending claim is visible to its account and routes nowhere.
      expect(await account(bobId, bob)).toEqual({
        id: bobId,
        aliases: [],
        pendingAliasClaims: [{ id: pending.id, address: "bob.private@gmail.com", unicodeAddress: "bob.private@gmail.com", requestedBy: "bob@acme.test" }],
      });
      expect(await resolve("bob.private@gmail.com")).toBeNull();

      // The owner of the address clicks: no session needed.
      const confirmed = (await app.ok(CONFIRM, { t: token }, null)).confirmAlias;
      // Whoever holds the link learns the address and its status, nothing of the account.
      expect(confirmed).toEqual({ address: "bob.private@gmail.com", unicodeAddress: "bob.private@gmail.com", status: "ACTIVE" });

      expect(await resolve("bob.private@gmail.com")).toMatchObject({
        address: "bob.private@gmail.com",
        unicodeAddress: "bob.private@gmail.com",
        kind: "ALIAS",
        status: "ACTIVE",
        account: { id: bobId, displayName: "Bob Builder" },
        deliverTo: ["bob@acme.test"],
        trace: [
          { kind: "ADDRESS", from: "bob.private@gmail.com", to: "Bob Builder" },
          { kind: "MAILBOX", from: "Bob Builder", to: "bob@acme.test" },
        ],
      });
      expect(await account(bobId, bob)).toEqual({
        id: bobId,
        aliases: [{ id: expect.any(String), address: "bob.private@gmail.com", kind: "ALIAS", status: "ACTIVE" }],
        pendingAliasClaims: [],
      });
      expect(sink.messages).toHaveLength(1);
      expect(await count("alias_claim", "used_at IS NOT NULL")).toBe(1);
    });

    it("mails an address on a domain nobody owns, shown in Unicode, and escapes names in the HTML part", async () => {
      const orgId = await app.createOrg("Smith & Jones <Partners>");
      await app.verifiedDomain(orgId, "sj.test");
      const id = await app.createAccount(orgId, { displayName: 'Ann "<b>Boss</b>"', primaryAddress: "ann@sj.test", profile: "PROFESSIONAL", password: "ann-password-1" });
      const ann = await app.login("ann@sj.test", "ann-password-1");
      const { claim: pending, message, token } = await claim(id, "Ann@Bücher.test", ann);
      expect(pending).toMatchObject({ address: "ann@xn--bcher-kva.test", unicodeAddress: "ann@bücher.test" });
      expect(message.envelopeTo).toEqual(["ann@xn--bcher-kva.test"]);
      expect(message.subject).toBe("Confirm ann@bücher.test as an alias of ann@sj.test");
      expect(message.text).toContain('Smith & Jones <Partners> asked to add ann@bücher.test as an alias of the account\nAnn "<b>Boss</b>" <ann@sj.test>.');
      expect(message.html).toContain("Smith &amp; Jones &lt;Partners&gt; asked to add <strong>ann@bücher.test</strong> as an alias of the account Ann &quot;&lt;b&gt;Boss&lt;/b&gt;&quot; &lt;ann@sj.test&gt;.");
      expect(message.html).not.toContain("<b>");
      expect(sink.messages).toHaveLength(1);

      const confirmed = (await app.ok(CONFIRM, { t: token }, null)).confirmAlias;
      expect(confirmed).toEqual({ address: "ann@xn--bcher-kva.test", unicodeAddress: "ann@bücher.test", status: "ACTIVE" });
      expect((await resolve("ANN@bücher.TEST"))?.deliverTo).toEqual(["ann@sj.test"]);
    });
  });

  describe("administrators", () => {
    it("add an alias on the organization's verified domain at once, with no claim and no mail", async () => {
      const { acme, bobId } = await world();
      const viaRequest = (await app.ok(REQUEST, { i: { accountId: bobId, address: "Robert@acme.test" } }, acme.adminToken)).requestAlias;
      expect(viaRequest.claim).toBeNull();
      expect(viaRequest.alias).toMatchObject({ address: "robert@acme.test", kind: "ALIAS", status: "ACTIVE", account: { id: bobId } });
      const viaAdd = (await app.ok(ADD_ALIAS, { i: { accountId: bobId, address: "bobby@acme.test" } }, acme.adminToken)).addAlias;
      expect(viaAdd.claim).toBeNull();
      expect(viaAdd.alias).toMatchObject({ address: "bobby@acme.test", kind: "ALIAS", status: "ACTIVE", account: { id: bobId } });

      expect(sink.messages).toEqual([]);
      expect(await count("alias_claim")).toBe(0);
      expect((await resolve("bobby@acme.test"))?.deliverTo).toEqual(["bob@acme.test"]);
      const bob = await account(bobId, acme.adminToken);
      expect(bob.aliases.map((a: { address: string }) => a.address).sort()).toEqual(["bobby@acme.test", "robert@acme.test"]);
      expect(bob.pendingAliasClaims).toEqual([]);
    });

    it("get a claim and a confirmation mail for an address outside the organization's domains", async () => {
      const { acme, bobId } = await world();
      const viaRequest = await claim(bobId, "bob@bob-home.test", acme.adminToken, REQUEST);
      const viaAdd = await claim(bobId, "robert.b@gmail.com", acme.adminToken, ADD_ALIAS);
      const byOperator = await claim(bobId, "rb@yahoo.com", app.operatorToken, REQUEST);
      expect([viaRequest, viaAdd, byOperator].map((c) => [c.claim.address, c.claim.requestedBy])).toEqual([
        ["bob@bob-home.test", "admin@acme.test"],
        ["robert.b@gmail.com", "admin@acme.test"],
        ["rb@yahoo.com", OPERATOR_EMAIL],
      ]);
      expect(sink.messages.map((m) => m.envelopeTo)).toEqual([["bob@bob-home.test"], ["robert.b@gmail.com"], ["rb@yahoo.com"]]);
      expect(viaAdd.message.text).toContain("Acme Widgets asked to add robert.b@gmail.com as an alias of the account");

      // Nothing routes until the owner of the address agrees.
      expect(await count("address", "kind = 'ALIAS'")).toBe(0);
      for (const address of ["bob@bob-home.test", "robert.b@gmail.com", "rb@yahoo.com"]) expect(await resolve(address)).toBeNull();
      expect((await account(bobId, acme.adminToken)).pendingAliasClaims.map((c: { address: string }) => c.address)).toEqual(["bob@bob-home.test", "robert.b@gmail.com", "rb@yahoo.com"]);

      await app.ok(CONFIRM, { t: viaAdd.token }, null);
      expect((await resolve("robert.b@gmail.com"))?.deliverTo).toEqual(["bob@acme.test"]);
      expect((await account(bobId, acme.adminToken)).pendingAliasClaims.map((c: { address: string }) => c.address)).toEqual(["bob@bob-home.test", "rb@yahoo.com"]);
    });
  });

  describe("refusals", () => {
    it("refuses a GUEST account with ALIAS_NOT_ALLOWED, pointing at a profile upgrade", async () => {
      const { acme } = await world();
      const guestId = await app.createAccount(acme.orgId, { displayName: "Gus Guest", primaryAddress: "gus@acme.test", profile: "GUEST", password: "gus-password-1" });
      const gus = await app.login("gus@acme.test", "gus-password-1");
      const external = await refuse(REQUEST, { i: { accountId: guestId, address: "gus@gmail.com" } }, gus, "ALIAS_NOT_ALLOWED");
      expect(external.message).toMatch(/administrator/i);
      expect(external.message).toMatch(/profile upgrade/i);
      const own = await refuse(REQUEST, { i: { accountId: guestId, address: "gus2@acme.test" } }, gus, "ALIAS_NOT_ALLOWED");
      expect(own.message).toBe(external.message);
      expect(sink.messages).toEqual([]);
      expect(await count("alias_claim")).toBe(0);
    });

    it("answers NOT_FOUND when a PROFESSIONAL acts on another account, in or outside its organization", async () => {
      const { acme, bobId, bob } = await world();
      const globex = await app.orgWithAdmin("Globex", "globex.test");
      const carolId = await app.createAccount(acme.orgId, { displayName: "Carol", primaryAddress: "carol@acme.test", profile: "PROFESSIONAL", password: "carol-password-1" });
      const carol = await app.login("carol@acme.test", "carol-password-1");
      const colleague = await refuse(REQUEST, { i: { accountId: carolId, address: "carol.private@gmail.com" } }, bob, "NOT_FOUND");
      const foreign = await refuse(REQUEST, { i: { accountId: globex.adminId, address: "g.private@gmail.com" } }, bob, "NOT_FOUND");
      const missing = await refuse(REQUEST, { i: { accountId: "00000000-0000-0000-0000-000000000000", address: "x.private@gmail.com" } }, bob, "NOT_FOUND");
      expect(new Set([colleague.message, foreign.message, missing.message]).size).toBe(1);

      // Nor another account's claim.
      const bobs = await claim(bobId, "bob.private@gmail.com", bob);
      await refuse(RESEND, { c: bobs.claim.id }, carol, "NOT_FOUND");
      await refuse(CANCEL, { c: bobs.claim.id }, carol, "NOT_FOUND");
      await refuse(CANCEL, { c: bobs.claim.id }, globex.adminToken, "NOT_FOUND");
      expect(sink.messages).toHaveLength(1);
    });

    it("refuses PROFESSIONAL requests with ALIAS_NOT_ALLOWED when the organization switches self-service off", async () => {
      const { acme, bobId, bob } = await world();
      expect((await app.ok(POLICY, { id: acme.orgId, i: { aliasSelfService: false } }, acme.adminToken)).updateOrganizationPolicy.policy).toEqual({ aliasSelfService: false, maxAliasesPerAccount: null });
      const refusal = await refuse(REQUEST, { i: { accountId: bobId, address: "bob.private@gmail.com" } }, bob, "ALIAS_NOT_ALLOWED");
      expect(refusal.message).toMatch(/administrator/i);
      expect(sink.messages).toEqual([]);
      expect(await count("alias_claim")).toBe(0);
      // The admin still can, for Bob.
      const byAdmin = await claim(bobId, "bob.private@gmail.com", acme.adminToken);
      expect(byAdmin.claim.requestedBy).toBe("admin@acme.test");
    });

    it("refuses a PROFESSIONAL an address on its own organization's domain: admins assign those", async () => {
      const { bobId, bob } = await world();
      const refusal = await refuse(REQUEST, { i: { accountId: bobId, address: "bobby@acme.test" } }, bob, "ALIAS_NOT_ALLOWED");
      expect(refusal.message).toMatch(/administrator/i);
      expect(sink.messages).toEqual([]);
      expect(await aliasRows("bobby@acme.test")).toBe(0);
      expect(await count("alias_claim")).toBe(0);
    });

    it("stops at the organization's alias limit when asked", async () => {
      const { acme, bobId, bob } = await world();
      await app.ok(POLICY, { id: acme.orgId, i: { maxAliasesPerAccount: 1 } }, acme.adminToken);
      await app.ok(ADD_ALIAS, { i: { accountId: bobId, address: "bobby@acme.test" } }, acme.adminToken);
      const refusal = await refuse(REQUEST, { i: { accountId: bobId, address: "bob.private@gmail.com" } }, bob, "ALIAS_LIMIT_REACHED");
      expect(refusal.extensions?.limit).toBe(1);
      await refuse(ADD_ALIAS, { i: { accountId: bobId, address: "bob.work@gmail.com" } }, acme.adminToken, "ALIAS_LIMIT_REACHED");
      await refuse(ADD_ALIAS, { i: { accountId: bobId, address: "robert@acme.test" } }, acme.adminToken, "ALIAS_LIMIT_REACHED");
      expect(sink.messages).toEqual([]);
      expect(await count("alias_claim")).toBe(0);
    });

    it("stops at the alias limit when it was reached between request and confirmation", async () => {
      const { acme, bobId, bob } = await world();
      await app.ok(POLICY, { id: acme.orgId, i: { maxAliasesPerAccount: 1 } }, acme.adminToken);
      const pending = await claim(bobId, "bob.private@gmail.com", bob);
      await app.ok(ADD_ALIAS, { i: { accountId: bobId, address: "bobby@acme.test" } }, acme.adminToken);

      const refusal = await refuse(CONFIRM, { t: pending.token }, null, "ALIAS_LIMIT_REACHED");
      expect(refusal.extensions?.limit).toBe(1);
      expect(await aliasRows("bob.private@gmail.com")).toBe(0);
      expect(await resolve("bob.private@gmail.com")).toBeNull();
      expect((await account(bobId, bob)).aliases.map((a: { address: string }) => a.address)).toEqual(["bobby@acme.test"]);
      expect(sink.messages).toHaveLength(1);
    });

    it("refuses an address already in use with ADDRESS_TAKEN, naming nobody", async () => {
      const { acme, bobId, bob } = await world();
      await app.orgWithAdmin("Globex", "globex.test");
      const carolId = await app.createAccount(acme.orgId, { displayName: "Carol Carter", primaryAddress: "carol@acme.test", profile: "PROFESSIONAL" });
      const carols = await claim(carolId, "shared.inbox@gmail.com", acme.adminToken);
      await app.ok(CONFIRM, { t: carols.token }, null);
      sink.clear();

      const external = await refuse(REQUEST, { i: { accountId: bobId, address: "Shared.Inbox@gmail.com" } }, bob, "ADDRESS_TAKEN");
      const primary = await refuse(REQUEST, { i: { accountId: bobId, address: "carol@acme.test" } }, bob, "ADDRESS_TAKEN");
      const otherOrg = await refuse(REQUEST, { i: { accountId: bobId, address: "ceo@globex.test" } }, bob, "ADDRESS_TAKEN");
      for (const refusal of [external, primary, otherOrg]) {
        expect(refusal.message).not.toMatch(/Carol|Globex/);
      }
      expect(sink.messages).toEqual([]);
      expect(await count("alias_claim", `account_id = '${bobId}'`)).toBe(0);
    });

    it("refuses a confirmation with ADDRESS_TAKEN when another account's claim for the address was confirmed first", async () => {
      const { acme, bobId, bob } = await world();
      const carolId = await app.createAccount(acme.orgId, { displayName: "Carol Carter", primaryAddress: "carol@acme.test", profile: "PROFESSIONAL", password: "carol-password-1" });
      const carol = await app.login("carol@acme.test", "carol-password-1");
      // A claim reserves nothing: both may ask.
      const bobs = await claim(bobId, "family@gmail.com", bob);
      const carols = await claim(carolId, "family@gmail.com", carol);
      expect(sink.to("family@gmail.com")).toHaveLength(2);

      await app.ok(CONFIRM, { t: carols.token }, null);
      await refuse(CONFIRM, { t: bobs.token }, null, "ADDRESS_TAKEN");
      expect(await aliasRows("family@gmail.com")).toBe(1);
      expect((await resolve("family@gmail.com"))?.account?.id).toBe(carolId);
      expect((await account(bobId, bob)).aliases).toEqual([]);
      expect(sink.messages).toHaveLength(2);
    });

    it("refuses a confirmation with INVALID_TOKEN when another organization verified the address's domain meanwhile (the claim was cancelled)", async () => {
      const { bobId, bob } = await world();
      const pending = await claim(bobId, "bob@newco.test", bob);
      const globex = await app.orgWithAdmin("Globex", "globex.test");
      await app.verifiedDomain(globex.orgId, "newco.test");

      await refuse(CONFIRM, { t: pending.token }, null, "INVALID_TOKEN");
      expect(await aliasRows("bob@newco.test")).toBe(0);
      expect(await resolve("bob@newco.test")).toBeNull();
    });

    it("answers INVALID_TOKEN, with one message, to reused, expired, superseded, cancelled and guessed tokens", async () => {
      const { bobId, bob } = await world();

      // Reused.
      const used = await claim(bobId, "bob.one@gmail.com", bob);
      await app.ok(CONFIRM, { t: used.token }, null);
      const reused = await refuse(CONFIRM, { t: used.token }, null, "INVALID_TOKEN");
      expect(reused.message).toMatch(/invalid|expired/i);
      expect(await aliasRows("bob.one@gmail.com")).toBe(1);

      // Superseded: asking again for the same address replaces the token.
      const first = await claim(bobId, "bob.two@gmail.com", bob);
      const second = await claim(bobId, "bob.two@gmail.com", bob);
      expect(second.claim.id).toBe(first.claim.id);
      expect(second.token).not.toBe(first.token);
      expect(await count("alias_claim", "address = 'bob.two@gmail.com'")).toBe(1);
      const superseded = await refuse(CONFIRM, { t: first.token }, null, "INVALID_TOKEN");
      expect((await app.ok(CONFIRM, { t: second.token }, null)).confirmAlias.address).toBe("bob.two@gmail.com");

      // Cancelled.
      const withdrawn = await claim(bobId, "bob.three@gmail.com", bob);
      await app.ok(CANCEL, { c: withdrawn.claim.id }, bob);
      const cancelled = await refuse(CONFIRM, { t: withdrawn.token }, null, "INVALID_TOKEN");

      // Guessed, by someone not signed in and by a signed-in account.
      const guesses = [randomBytes(32).toString("base64url"), "", "garbage", "x".repeat(43), `${randomBytes(32).toString("base64url")}=`, "' OR '1'='1", "é".repeat(43), "a".repeat(5000), used.token.toUpperCase()];
      const guessed: GqlError[] = [];
      for (const guess of guesses) guessed.push(await refuse(CONFIRM, { t: guess }, null, "INVALID_TOKEN"));
      guessed.push(await refuse(CONFIRM, { t: randomBytes(32).toString("base64url") }, bob, "INVALID_TOKEN"));

      expect(new Set([reused, superseded, cancelled, ...guessed].map((e) => e.message))).toEqual(new Set([reused.message]));
      expect(await count("address", "kind = 'ALIAS'")).toBe(2);
    });

    it("answers INVALID_TOKEN once the link is older than 24 hours, and hides the expired claim", async () => {
      const { bobId, bob } = await world();
      const early = await claim(bobId, "bob.early@gmail.com", bob);
      const late = await claim(bobId, "bob.late@gmail.com", bob);

      app.clock.offsetMs = DAY - MINUTE;
      expect((await app.ok(CONFIRM, { t: early.token }, null)).confirmAlias.address).toBe("bob.early@gmail.com");

      app.clock.offsetMs = DAY + MINUTE;
      const expired = await refuse(CONFIRM, { t: late.token }, null, "INVALID_TOKEN");
      expect(expired.message).toMatch(/expired/i);
      const guessed = await refuse(CONFIRM, { t: randomBytes(32).toString("base64url") }, null, "INVALID_TOKEN");
      expect(expired.message).toBe(guessed.message);
      expect(await aliasRows("bob.late@gmail.com")).toBe(0);
      expect(await resolve("bob.late@gmail.com")).toBeNull();
      expect(await account(bobId, bob)).toMatchObject({ aliases: [{ address: "bob.early@gmail.com" }], pendingAliasClaims: [] });
    });
  });

  it("lets exactly one of 20 simultaneous confirmations with the same token through", async () => {
    const { bobId, bob } = await world();
    const pending = await claim(bobId, "bob.race@gmail.com", bob);
    const responses = await Promise.all(Array.from({ length: 20 }, () => app.gql(CONFIRM, { t: pending.token }, null)));

    expect(responses.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
    const wins = responses.filter((r) => !r.errors && r.data?.confirmAlias);
    const losses = responses.filter((r) => r.errors);
    expect(wins).toHaveLength(1);
    expect(wins[0].data.confirmAlias).toEqual({ address: "bob.race@gmail.com", unicodeAddress: "bob.race@gmail.com", status: "ACTIVE" });
    expect(losses).toHaveLength(19);
    expect(losses.map((r) => r.errors?.map((e) => e.extensions?.code))).toEqual(Array.from({ length: 19 }, () => ["INVALID_TOKEN"]));
    expect(await aliasRows("bob.race@gmail.com")).toBe(1);
    expect(await count("audit_event", "action = 'alias.confirm'")).toBe(1);
  });

  it("never consumes a token on GET: the link carries it in the fragment and only a POST confirms", async () => {
    const { bobId, bob } = await world();
    const pending = await claim(bobId, "bob.private@gmail.com", bob);
    expect(linksIn(pending.message.text ?? "")).toEqual([`${PUBLIC_URL}/confirm-alias#t=${pending.token}`]);
    const before = await state();
    const url = `${app.url}?query=${encodeURIComponent(`mutation { confirmAlias(token: "${pending.token}") { address } }`)}`;
    // A mail scanner's plain GET, and one that passes Apollo's CSRF check.
    const plain = await fetch(url);
    const preflighted = await fetch(url, { headers: { "apollo-require-preflight": "true" } });
    expect(plain.status).toBe(400);
    expect(preflighted.status).toBe(405);
    expect(await preflighted.text()).toContain("GET requests only support query operations");
    expect(await state()).toEqual(before);
    expect((await app.ok(CONFIRM, { t: pending.token }, null)).confirmAlias.address).toBe("bob.private@gmail.com");
  });

  it("stores only the SHA-256 of confirmation tokens", async () => {
    const { bobId, bob } = await world();
    const pending = await claim(bobId, "bob.private@gmail.com", bob);
    const resent = await app.ok(RESEND, { c: pending.claim.id }, bob);
    expect(resent.resendAliasConfirmation.id).toBe(pending.claim.id);
    const fresh = tokenOf(await sink.next("bob.private@gmail.com"));

    const rows = await query<{ token_hash: string }>("SELECT token_hash FROM alias_claim");
    expect(rows).toEqual([{ token_hash: sha256(fresh) }]);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toBe(fresh);

    const tables = app.dialect === "sqlite"
      ? await query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      : await query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()");
    const names = tables.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["alias_claim", "address", "audit_event", "outbox_message", "session"]));
    const holding = async (needle: string) => {
      const found: string[] = [];
      for (const name of names) {
        if (JSON.stringify(await query(`SELECT * FROM ${name}`)).includes(needle)) found.push(name);
      }
      return found;
    };
    expect(await holding(sha256(fresh))).toEqual(["alias_claim"]);
    expect(await holding(fresh)).toEqual([]);
    expect(await holding(pending.token)).toEqual([]);

    await app.ok(CONFIRM, { t: fresh }, null);
    expect(await holding(fresh)).toEqual([]);
  });

  describe("resend and cancel", () => {
    it("resends a new link and retires the old one", async () => {
      const { bobId, bob } = await world();
      const pending = await claim(bobId, "bob.private@gmail.com", bob);
      app.clock.offsetMs = 10 * MINUTE;
      const resent = (await app.ok(RESEND, { c: pending.claim.id }, bob)).resendAliasConfirmation;
      expect(resent).toMatchObject({ id: pending.claim.id, address: "bob.private@gmail.com", requestedBy: "bob@acme.test" });
      expect(Date.parse(resent.expiresAt) - Date.parse(pending.claim.expiresAt)).toBeGreaterThanOrEqual(10 * MINUTE);

      const again = await sink.next("bob.private@gmail.com");
      expect(again.subject).toBe(pending.message.subject);
      const fresh = tokenOf(again);
      expect(fresh).not.toBe(pending.token);
      expect(sink.messages).toHaveLength(2);

      await refuse(CONFIRM, { t: pending.token }, null, "INVALID_TOKEN");
      expect((await app.ok(CONFIRM, { t: fresh }, null)).confirmAlias).toMatchObject({ address: "bob.private@gmail.com", status: "ACTIVE" });
      expect((await resolve("bob.private@gmail.com"))?.deliverTo).toEqual(["bob@acme.test"]);
      // A confirmed claim cannot be resent any more.
      await refuse(RESEND, { c: pending.claim.id }, bob, "NOT_FOUND");
    });

    it("sends at most three messages per claim per hour, the first request included", async () => {
      const { bobId, bob } = await world();
      const pending = await claim(bobId, "bob.private@gmail.com", bob);
      await app.ok(RESEND, { c: pending.claim.id }, bob);
      await sink.next("bob.private@gmail.com");
      await app.ok(RESEND, { c: pending.claim.id }, bob);
      const third = tokenOf(await sink.next("bob.private@gmail.com"));
      expect(sink.messages).toHaveLength(3);

      app.clock.offsetMs = 59 * MINUTE;
      const limited = await refuse(RESEND, { c: pending.claim.id }, bob, "RATE_LIMITED");
      expect(limited.message).toMatch(/3 times/);
      // The window opened at the first send, 59 minutes ago: about a minute left (the clock also moved a little meanwhile).
      expect(limited.extensions?.retryAfter).toBeGreaterThan(0);
      expect(limited.extensions?.retryAfter).toBeLessThanOrEqual(60);
      // Asking again for the same address is the same message to the same person: same limit.
      await refuse(REQUEST, { i: { accountId: bobId, address: "bob.private@gmail.com" } }, bob, "RATE_LIMITED");
      expect(sink.messages).toHaveLength(3);

      app.clock.offsetMs = 61 * MINUTE;
      await app.ok(RESEND, { c: pending.claim.id }, bob);
      const fourth = tokenOf(await sink.next("bob.private@gmail.com"));
      expect(sink.messages).toHaveLength(4);
      await refuse(CONFIRM, { t: third }, null, "INVALID_TOKEN");
      expect((await app.ok(CONFIRM, { t: fourth }, null)).confirmAlias.address).toBe("bob.private@gmail.com");
    });

    it("cancels a pending claim: it leaves pendingAliasClaims and its link stops working", async () => {
      const { acme, bobId, bob } = await world();
      const kept = await claim(bobId, "bob.kept@gmail.com", bob);
      const pending = await claim(bobId, "bob.private@gmail.com", bob);
      const adminsClaim = await claim(bobId, "bob.admin@gmail.com", acme.adminToken);

      const cancelled = (await app.ok(CANCEL, { c: pending.claim.id }, bob)).cancelAliasClaim;
      expect(cancelled).toMatchObject({ id: pending.claim.id, address: "bob.private@gmail.com", account: { id: bobId } });
      await app.ok(CANCEL, { c: adminsClaim.claim.id }, acme.adminToken);
      expect((await account(bobId, bob)).pendingAliasClaims.map((c: { id: string }) => c.id)).toEqual([kept.claim.id]);
      expect(await count("alias_claim")).toBe(1);
      expect(sink.messages).toHaveLength(3);

      await refuse(CONFIRM, { t: pending.token }, null, "INVALID_TOKEN");
      await refuse(CONFIRM, { t: adminsClaim.token }, null, "INVALID_TOKEN");
      await refuse(CANCEL, { c: pending.claim.id }, bob, "NOT_FOUND");
      await refuse(RESEND, { c: pending.claim.id }, bob, "NOT_FOUND");
      expect(await resolve("bob.private@gmail.com")).toBeNull();
      expect((await app.ok(CONFIRM, { t: kept.token }, null)).confirmAlias.address).toBe("bob.kept@gmail.com");
    });
  });

  it("records request, resend, confirmation, cancellation and removal in the audit trail", async () => {
    const { acme, bobId, bob } = await world();
    const events = async (action: string, targetId: string) => {
      const data = await app.ok(AUDIT, { o: acme.orgId, a: action, t: targetId }, acme.adminToken);
      return data.auditEvents.edges.map((e: { node: unknown }) => e.node);
    };

    const confirmed = await claim(bobId, "bob.private@gmail.com", bob);
    await app.ok(RESEND, { c: confirmed.claim.id }, bob);
    const token = tokenOf(await sink.next("bob.private@gmail.com"));
    await app.ok(CONFIRM, { t: token }, null);
    const alias = (await account(bobId, bob)).aliases.find((a: { address: string }) => a.address === "bob.private@gmail.com");
    const withdrawn = await claim(bobId, "bob.old@gmail.com", bob);
    await app.ok(CANCEL, { c: withdrawn.claim.id }, bob);
    await app.ok(REMOVE, { id: alias.id }, bob);

    const byBob = { actorType: "ACCOUNT", actorLabel: "bob@acme.test" };
    expect(await events("alias.request", confirmed.claim.id)).toEqual([
      expect.objectContaining({ action: "alias.request", targetType: "AliasClaim", targetId: confirmed.claim.id, ...byBob }),
    ]);
    expect(await events("alias.resend", confirmed.claim.id)).toEqual([
      expect.objectContaining({ action: "alias.resend", targetType: "AliasClaim", targetId: confirmed.claim.id, ...byBob }),
    ]);
    const confirmation = await events("alias.confirm", alias.id);
    expect(confirmation).toEqual([expect.objectContaining({ action: "alias.confirm", targetType: "Address", targetId: alias.id })]);
    expect(confirmation[0].summary).toMatchObject({ claimId: confirmed.claim.id, requestedBy: "bob@acme.test", after: { address: "bob.private@gmail.com", kind: "ALIAS", accountId: bobId } });
    expect(await events("alias.request", withdrawn.claim.id)).toHaveLength(1);
    expect(await events("alias.cancel", withdrawn.claim.id)).toEqual([
      expect.objectContaining({ action: "alias.cancel", targetType: "AliasClaim", targetId: withdrawn.claim.id, ...byBob }),
    ]);
    const removal = await events("address.remove", alias.id);
    expect(removal).toEqual([expect.objectContaining({ action: "address.remove", targetType: "Address", targetId: alias.id, ...byBob })]);
    expect(removal[0].summary).toMatchObject({ before: { address: "bob.private@gmail.com", kind: "ALIAS", accountId: bobId } });
    expect(await resolve("bob.private@gmail.com")).toBeNull();
    expect(JSON.stringify(await app.ok(AUDIT, { o: acme.orgId }, acme.adminToken))).not.toContain(token);
  });

  describe("without SMTP_URL (the embedded outbox)", () => {
    let embedded: TestApp;
    beforeAll(async () => {
      embedded = await TestApp.start(dialect);
    });
    afterAll(async () => {
      await embedded?.close();
    });
    beforeEach(async () => {
      await embedded.reset();
    });
    afterEach(() => {
      expect(embedded.unexpectedErrors).toEqual([]);
    });

    it("keeps the message for operators, whose link completes the flow", async () => {
      const acme = await embedded.orgWithAdmin("Acme Widgets", "acme.test");
      const bobId = await embedded.createAccount(acme.orgId, { displayName: "Bob Builder", primaryAddress: "bob@acme.test", profile: "PROFESSIONAL", password: "bob-password-1" });
      const bob = await embedded.login("bob@acme.test", "bob-password-1");
      const requested = (await embedded.ok(REQUEST, { i: { accountId: bobId, address: "bob.private@gmail.com" } }, bob)).requestAlias;
      expect(requested.alias).toBeNull();
      expect(requested.claim.address).toBe("bob.private@gmail.com");

      const outbox = (await embedded.ok(OUTBOX)).outbox;
      expect(outbox.totalCount).toBe(1);
      const kept = outbox.edges[0].node;
      expect(kept).toMatchObject({ recipient: "bob.private@gmail.com", subject: "Confirm bob.private@gmail.com as an alias of bob@acme.test" });
      expect(kept.textBody).toContain("Bob Builder <bob@acme.test>.");
      expect(kept.htmlBody).not.toMatch(/<img/i);
      const links = linksIn(kept.textBody);
      expect(links).toHaveLength(1);
      expect(linksIn(kept.htmlBody)).toEqual(links);
      expect(sink.messages).toEqual([]);

      const token = links[0].slice(`${PUBLIC_URL}/confirm-alias#t=`.length);
      expect((await embedded.ok(CONFIRM, { t: token }, null)).confirmAlias).toEqual({ address: "bob.private@gmail.com", unicodeAddress: "bob.private@gmail.com", status: "ACTIVE" });
      expect((await embedded.request(ResolveDocument, { address: "bob.private@gmail.com" })).resolveAddress?.deliverTo).toEqual(["bob@acme.test"]);
      expect((await embedded.ok(ACCOUNT, { id: bobId }, bob)).account.pendingAliasClaims).toEqual([]);
    });

    it("shows the outbox to operators only", async () => {
      const acme = await embedded.orgWithAdmin("Acme Widgets", "acme.test");
      const bobId = await embedded.createAccount(acme.orgId, { displayName: "Bob Builder", primaryAddress: "bob@acme.test", profile: "PROFESSIONAL", password: "bob-password-1" });
      const bob = await embedded.login("bob@acme.test", "bob-password-1");
      await embedded.ok(REQUEST, { i: { accountId: bobId, address: "bob.private@gmail.com" } }, bob);
      for (const token of [acme.adminToken, bob]) {
        const res = await embedded.gql(OUTBOX, {}, token);
        expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
        expect(res.data).toBeUndefined();
        expect(res.body).not.toContain("confirm-alias");
      }
      expect(await embedded.code(OUTBOX, {}, null)).toBe("UNAUTHENTICATED");
      expect((await embedded.ok(OUTBOX)).outbox.edges.map((e: { node: { recipient: string } }) => e.node.recipient)).toEqual(["bob.private@gmail.com"]);
    });
  });
});
