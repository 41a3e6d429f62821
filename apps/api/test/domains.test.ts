import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";

const DOMAIN_FIELDS = "id name unicodeName status mailService verificationRecord { name type value } verifiedAt";
const ADD = `mutation($i: AddDomainInput!) { addDomain(input: $i) { ${DOMAIN_FIELDS} } }`;
const VERIFY = `mutation($id: ID!) { verifyDomain(id: $id) { ${DOMAIN_FIELDS} } }`;
const REMOVE = "mutation($id: ID!) { removeDomain(id: $id) { id name status } }";
const UPDATE = "mutation($id: ID!, $i: UpdateDomainInput!) { updateDomain(id: $id, input: $i) { id name mailService } }";
const DOMAINS = `query($o: ID) { domains(organizationId: $o) { ${DOMAIN_FIELDS} } }`;
const CREATE_ACCOUNT = "mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }";
const SET_PRIMARY = "mutation($a: ID!, $x: String!) { setPrimaryAddress(accountId: $a, address: $x) { id sendAs secondaryAddresses { id address kind } } }";
const REMOVE_ADDRESS = "mutation($id: ID!) { removeAddress(id: $id) { id address kind } }";

interface DomainView {
  id: string;
  name: string;
  unicodeName: string;
  status: string;
  mailService: string;
  verificationRecord: { name: string; type: string; value: string };
  verifiedAt: string | null;
}

describe.each(dialects())("domains (%s)", (dialect) => {
  const app = useTestApp(dialect);

  async function count(table: string, where = "", params: unknown[] = []): Promise<number> {
    const rows: { n: number | string }[] = await app.db.manager.query(`SELECT COUNT(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ""}`, params);
    return Number(rows[0].n);
  }

  /** Row counts of everything a refused domain or account mutation could leave behind. */
  async function footprint() {
    return { domain: await count("domain"), account: await count("account"), address: await count("address"), audit: await count("audit_event") };
  }

  async function addDomain(organizationId: string | null, name: string, mailService?: string, token = app.operatorToken): Promise<DomainView> {
    const input: Record<string, unknown> = { name };
    if (organizationId) input.organizationId = organizationId;
    if (mailService) input.mailService = mailService;
    return (await app.ok(ADD, { i: input }, token)).addDomain;
  }

  function publish(record: { name: string; value: string }, others: string[] = []): void {
    app.dns.setTxt(record.name, [...others, record.value]);
  }

  async function domainsOf(organizationId: string, token = app.operatorToken): Promise<DomainView[]> {
    return (await app.ok(DOMAINS, { o: organizationId }, token)).domains;
  }

  describe("addDomain", () => {
    it("registers an IDN domain pending verification, in ASCII and Unicode, with the TXT record to publish", async () => {
      const orgId = await app.createOrg("Buchladen");
      const domain = await addDomain(orgId, "Bücher.example");
      expect(domain).toEqual({
        id: expect.any(String),
        name: "xn--bcher-kva.example",
        unicodeName: "bücher.example",
        status: "PENDING_VERIFICATION",
        mailService: "EXCHANGE",
        verificationRecord: { name: "xn--bcher-kva.example", type: "TXT", value: expect.stringMatching(/^postroom-verification=[0-9a-f]{32}$/) },
        verifiedAt: null,
      });
      expect(await domainsOf(orgId)).toEqual([domain]);
      expect(await app.auditActions(orgId)).toEqual(["domain.add", "organization.create"]);
    });

    it("canonicalizes the name (trimmed, lower case) and keeps the requested mail service", async () => {
      const orgId = await app.createOrg("Acme");
      const domain = await addDomain(orgId, "  Mail.ACME.Example ", "WEB_EMAIL");
      expect(domain).toMatchObject({ name: "mail.acme.example", unicodeName: "mail.acme.example", mailService: "WEB_EMAIL", status: "PENDING_VERIFICATION" });
      expect(domain.verificationRecord.name).toBe("mail.acme.example");
    });

    it("gives every registration its own verification token", async () => {
      const acme = await app.createOrg("Acme");
      const globex = await app.createOrg("Globex");
      const first = await addDomain(acme, "shared.example");
      const second = await addDomain(globex, "shared.example");
      const third = await addDomain(acme, "other.example");
      const values = new Set([first, second, third].map((d) => d.verificationRecord.value));
      expect(values.size).toBe(3);
    });

    it.each([["gmail.com"], ["GMail.com"], ["yahoo.co.uk"], ["mail.gmail.com"], ["a.b.hotmail.co.uk"]])("refuses the free-mail domain %s with FREE_MAIL_DOMAIN and stores nothing", async (name) => {
      const orgId = await app.createOrg("Acme");
      const before = await footprint();
      expect(await app.code(ADD, { i: { organizationId: orgId, name } })).toBe("FREE_MAIL_DOMAIN");
      expect(await footprint()).toEqual(before);
      expect(await domainsOf(orgId)).toEqual([]);
    });

    it("does not mistake look-alike names for free-mail domains", async () => {
      const orgId = await app.createOrg("Acme");
      expect((await addDomain(orgId, "notgmail.com")).name).toBe("notgmail.com");
      expect((await addDomain(orgId, "gmail.com.acme.example")).name).toBe("gmail.com.acme.example");
    });

    it.each([
      ["not a domain"],
      ["localhost"],
      ["exa_mple.com"],
      ["a..b.example"],
      [".acme.example"],
      ["acme.example."],
      ["-acme.example"],
      ["[192.0.2.1]"],
      ["192.0.2.1"],
      ["bob@acme.example"],
      [""],
      ["p\u0430ypal.example"], // Cyrillic "а" among Latin letters
      ["acme\u200b.example"], // zero-width space
      ["\uff41cme.example"], // full-width "a"
    ])("refuses the invalid domain %j with BAD_USER_INPUT and stores nothing", async (name) => {
      const orgId = await app.createOrg("Acme");
      const before = await footprint();
      expect(await app.code(ADD, { i: { organizationId: orgId, name } })).toBe("BAD_USER_INPUT");
      expect(await footprint()).toEqual(before);
    });

    it("refuses a domain the organization already has, in any spelling, with DOMAIN_TAKEN", async () => {
      const orgId = await app.createOrg("Buchladen");
      await addDomain(orgId, "bücher.example");
      const before = await footprint();
      for (const name of ["bücher.example", "BÜCHER.example", "xn--bcher-kva.example", " xn--BCHER-kva.EXAMPLE "]) {
        expect(await app.code(ADD, { i: { organizationId: orgId, name } })).toBe("DOMAIN_TAKEN");
      }
      expect(await footprint()).toEqual(before);
      expect((await domainsOf(orgId)).map((d) => d.name)).toEqual(["xn--bcher-kva.example"]);
    });

    it("refuses a domain the organization has already verified with DOMAIN_TAKEN", async () => {
      const orgId = await app.createOrg("Acme");
      await app.verifiedDomain(orgId, "acme.example");
      expect(await app.code(ADD, { i: { organizationId: orgId, name: "acme.example" } })).toBe("DOMAIN_TAKEN");
      expect(await count("domain")).toBe(1);
    });

    it("refuses a domain another organization has verified with DOMAIN_TAKEN", async () => {
      const acme = await app.createOrg("Acme");
      const globex = await app.createOrg("Globex");
      await app.verifiedDomain(acme, "acme.example");
      const before = await footprint();
      const res = await app.gql(ADD, { i: { organizationId: globex, name: "ACME.example" } });
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["DOMAIN_TAKEN"]);
      expect(res.errors?.[0].message).not.toContain("Acme");
      expect(await footprint()).toEqual(before);
      expect(await domainsOf(globex)).toEqual([]);
    });

    it("lets two organizations claim the same unverified domain; the first to verify owns it", async () => {
      const acme = await app.createOrg("Acme");
      const squatter = await app.createOrg("Squatter");
      const squatted = await addDomain(squatter, "acme.example");
      const real = await addDomain(acme, "acme.example");
      expect(real.status).toBe("PENDING_VERIFICATION");
      expect(await count("domain", "name = ?", ["acme.example"])).toBe(2);

      // Both tokens are published; Acme verifies first.
      app.dns.setTxt("acme.example", [real.verificationRecord.value, squatted.verificationRecord.value]);
      const verified = (await app.ok(VERIFY, { id: real.id })).verifyDomain;
      expect(verified).toMatchObject({ id: real.id, status: "VERIFIED" });

      const auditBefore = await count("audit_event");
      expect(await app.code(VERIFY, { id: squatted.id })).toBe("DOMAIN_TAKEN");
      expect(await domainsOf(squatter)).toEqual([expect.objectContaining({ id: squatted.id, status: "PENDING_VERIFICATION", verifiedAt: null })]);
      expect(await count("audit_event")).toBe(auditBefore);

      // Now that Acme owns it, a third organization cannot even claim it.
      const third = await app.createOrg("Third");
      expect(await app.code(ADD, { i: { organizationId: third, name: "acme.example" } })).toBe("DOMAIN_TAKEN");
    });

    it("frees a verified domain's name when its owner removes it", async () => {
      const first = await app.createOrg("First");
      const second = await app.createOrg("Second");
      const pending = await addDomain(second, "handover.example");
      const old = await app.verifiedDomain(first, "handover.example");
      publish(pending.verificationRecord);
      expect(await app.code(VERIFY, { id: pending.id })).toBe("DOMAIN_TAKEN");

      expect((await app.ok(REMOVE, { id: old.id })).removeDomain).toEqual({ id: old.id, name: "handover.example", status: "VERIFIED" });
      expect((await app.ok(VERIFY, { id: pending.id })).verifyDomain.status).toBe("VERIFIED");
      expect(await domainsOf(first)).toEqual([]);
    });

    it("refuses an organization that does not exist with NOT_FOUND", async () => {
      expect(await app.code(ADD, { i: { organizationId: "00000000-0000-0000-0000-000000000000", name: "ghost.example" } })).toBe("NOT_FOUND");
      expect(await count("domain")).toBe(0);
    });
  });

  describe("verifyDomain", () => {
    it("fails without the TXT record and leaves the domain pending", async () => {
      const orgId = await app.createOrg("Acme");
      const domain = await addDomain(orgId, "acme.example");
      const res = await app.gql(VERIFY, { id: domain.id });
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["DOMAIN_VERIFICATION_FAILED"]);
      expect(res.errors?.[0].message).toContain(domain.verificationRecord.value);
      // What was expected and what DNS answered (nothing here) travel with the refusal.
      expect(res.errors?.[0].extensions).toMatchObject({ expected: domain.verificationRecord.value, found: [] });
      expect(await domainsOf(orgId)).toEqual([domain]);
      expect(await app.auditActions(orgId)).toEqual(["domain.add", "organization.create"]);
    });

    it("fails when the TXT records at the name carry another token", async () => {
      const orgId = await app.createOrg("Acme");
      const domain = await addDomain(orgId, "acme.example");
      app.dns.setTxt("acme.example", ["postroom-verification=00000000000000000000000000000000", "v=spf1 -all"]);
      const wrong = await app.gql(VERIFY, { id: domain.id });
      expect(wrong.errors?.map((e) => e.extensions?.code)).toEqual(["DOMAIN_VERIFICATION_FAILED"]);
      expect(wrong.errors?.[0].extensions).toMatchObject({
        expected: domain.verificationRecord.value,
        found: ["postroom-verification=00000000000000000000000000000000", "v=spf1 -all"],
      });
      // The token with its prefix missing, or extended, is not the record either.
      app.dns.setTxt("acme.example", [domain.verificationRecord.value.replace("postroom-verification=", ""), `${domain.verificationRecord.value}0`]);
      expect(await app.code(VERIFY, { id: domain.id })).toBe("DOMAIN_VERIFICATION_FAILED");
      // A record published at another name does not count.
      app.dns.setTxt("_postroom.acme.example", [domain.verificationRecord.value]);
      expect(await app.code(VERIFY, { id: domain.id })).toBe("DOMAIN_VERIFICATION_FAILED");
      expect((await domainsOf(orgId))[0]).toMatchObject({ status: "PENDING_VERIFICATION", verifiedAt: null });
    });

    it("does not accept another organization's token for the same domain", async () => {
      const acme = await app.createOrg("Acme");
      const globex = await app.createOrg("Globex");
      const mine = await addDomain(acme, "acme.example");
      const theirs = await addDomain(globex, "acme.example");
      publish(theirs.verificationRecord);
      expect(await app.code(VERIFY, { id: mine.id })).toBe("DOMAIN_VERIFICATION_FAILED");
      expect((await domainsOf(acme))[0].status).toBe("PENDING_VERIFICATION");
    });

    it("verifies when the right record is among other TXT records, once", async () => {
      const orgId = await app.createOrg("Buchladen");
      const domain = await addDomain(orgId, "Bücher.example");
      publish(domain.verificationRecord, ["v=spf1 include:_spf.example -all", "google-site-verification=abc123", "x".repeat(300)]);
      const verified: DomainView = (await app.ok(VERIFY, { id: domain.id })).verifyDomain;
      expect(verified).toEqual({ ...domain, status: "VERIFIED", verifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/) });
      expect(await domainsOf(orgId)).toEqual([verified]);

      // Verifying again changes nothing and records nothing.
      app.dns.records.clear();
      expect((await app.ok(VERIFY, { id: domain.id })).verifyDomain).toEqual(verified);
      expect(await app.auditActions(orgId)).toEqual(["domain.verify", "domain.add", "organization.create"]);
    });

    it("accepts the record with surrounding whitespace", async () => {
      const orgId = await app.createOrg("Acme");
      const domain = await addDomain(orgId, "acme.example");
      app.dns.setTxt("acme.example", [` ${domain.verificationRecord.value} `]);
      expect((await app.ok(VERIFY, { id: domain.id })).verifyDomain.status).toBe("VERIFIED");
    });
  });

  describe("removeDomain and updateDomain", () => {
    it("refuses to remove a domain while an address uses it, and removes it once none does", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      const old = await app.verifiedDomain(acme.orgId, "old-acme.example");
      const accountId = await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@old-acme.example", exchangeEnabled: true });

      const before = await footprint();
      const refused = await app.gql(REMOVE, { id: old.id }, acme.adminToken);
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(["DOMAIN_IN_USE"]);
      expect(refused.errors?.[0].extensions?.addressCount).toBe(1);
      expect(refused.errors?.[0].extensions?.byKind).toEqual({ PRIMARY: 1 });
      expect(await footprint()).toEqual(before);

      // Moving the primary away keeps the old address as a SECONDARY: still in use.
      const moved = (await app.ok(SET_PRIMARY, { a: accountId, x: "bob@acme.example" }, acme.adminToken)).setPrimaryAddress;
      expect(moved.sendAs).toBe("bob@acme.example");
      expect(moved.secondaryAddresses).toEqual([{ id: expect.any(String), address: "bob@old-acme.example", kind: "SECONDARY" }]);
      const stillUsed = await app.gql(REMOVE, { id: old.id }, acme.adminToken);
      expect(stillUsed.errors?.[0].extensions).toMatchObject({ code: "DOMAIN_IN_USE", addressCount: 1, byKind: { SECONDARY: 1 } });
      expect((await domainsOf(acme.orgId)).map((d) => d.name)).toEqual(["acme.example", "old-acme.example"]);

      await app.ok(REMOVE_ADDRESS, { id: moved.secondaryAddresses[0].id }, acme.adminToken);
      expect((await app.ok(REMOVE, { id: old.id }, acme.adminToken)).removeDomain).toEqual({ id: old.id, name: "old-acme.example", status: "VERIFIED" });
      expect((await domainsOf(acme.orgId)).map((d) => d.name)).toEqual(["acme.example"]);
      expect(await count("domain", "id = ?", [old.id])).toBe(0);
      expect((await app.auditActions(acme.orgId))[0]).toBe("domain.remove");

      // The domain is gone for good: verifying or removing it again is NOT_FOUND.
      expect(await app.code(REMOVE, { id: old.id }, acme.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(VERIFY, { id: old.id }, acme.adminToken)).toBe("NOT_FOUND");
    });

    it("removes an unverified domain nobody uses", async () => {
      const orgId = await app.createOrg("Acme");
      const domain = await addDomain(orgId, "acme.example");
      expect((await app.ok(REMOVE, { id: domain.id })).removeDomain).toEqual({ id: domain.id, name: "acme.example", status: "PENDING_VERIFICATION" });
      expect(await domainsOf(orgId)).toEqual([]);
    });

    it("refuses EXCHANGE → WEB_EMAIL while a SECONDARY address is on the domain, and allows it otherwise", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      const legacy = await app.verifiedDomain(acme.orgId, "legacy.example");
      const plain = await app.verifiedDomain(acme.orgId, "plain.example");
      const accountId = await app.createAccount(acme.orgId, { displayName: "Carol", primaryAddress: "carol@legacy.example", exchangeEnabled: true });
      await app.createAccount(acme.orgId, { displayName: "Dave", primaryAddress: "dave@plain.example" });
      const moved = (await app.ok(SET_PRIMARY, { a: accountId, x: "carol@acme.example" }, acme.adminToken)).setPrimaryAddress;
      expect(moved.secondaryAddresses.map((a: { address: string }) => a.address)).toEqual(["carol@legacy.example"]);

      const auditBefore = await count("audit_event");
      const refused = await app.gql(UPDATE, { id: legacy.id, i: { mailService: "WEB_EMAIL" } }, acme.adminToken);
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(["DOMAIN_IN_USE"]);
      expect(refused.errors?.[0].extensions?.addressCount).toBe(1);
      expect(refused.errors?.[0].extensions?.byKind).toEqual({ SECONDARY: 1 });
      expect((await domainsOf(acme.orgId)).find((d) => d.id === legacy.id)?.mailService).toBe("EXCHANGE");
      expect(await count("audit_event")).toBe(auditBefore);

      // Primary addresses alone do not tie a domain to Exchange.
      expect((await app.ok(UPDATE, { id: plain.id, i: { mailService: "WEB_EMAIL" } }, acme.adminToken)).updateDomain).toEqual({ id: plain.id, name: "plain.example", mailService: "WEB_EMAIL" });
      // And back again.
      expect((await app.ok(UPDATE, { id: plain.id, i: { mailService: "EXCHANGE" } }, acme.adminToken)).updateDomain.mailService).toBe("EXCHANGE");

      // Once the secondary is gone, the legacy domain may change service too.
      await app.ok(REMOVE_ADDRESS, { id: moved.secondaryAddresses[0].id }, acme.adminToken);
      expect((await app.ok(UPDATE, { id: legacy.id, i: { mailService: "WEB_EMAIL" } }, acme.adminToken)).updateDomain.mailService).toBe("WEB_EMAIL");
      const actions = await app.auditActions(acme.orgId);
      expect(actions.filter((a) => a === "domain.update")).toHaveLength(3);
    });
  });

  describe("createAccount against the domain rules", () => {
    it("refuses an address on the organization's unverified domain with DOMAIN_NOT_VERIFIED", async () => {
      const orgId = await app.createOrg("Acme");
      await addDomain(orgId, "acme.example");
      const before = await footprint();
      expect(await app.code(CREATE_ACCOUNT, { i: { organizationId: orgId, displayName: "Ann", primaryAddress: "ann@acme.example" } })).toBe("DOMAIN_NOT_VERIFIED");
      expect(await footprint()).toEqual(before);
    });

    it("refuses an address on a domain nobody owns with DOMAIN_NOT_OWNED", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      // Another organization's unverified claim does not make the domain anyone's.
      const other = await app.createOrg("Other");
      await addDomain(other, "unclaimed.example");
      const before = await footprint();
      expect(await app.code(CREATE_ACCOUNT, { i: { displayName: "Ann", primaryAddress: "ann@nobody.example" } }, acme.adminToken)).toBe("DOMAIN_NOT_OWNED");
      expect(await app.code(CREATE_ACCOUNT, { i: { displayName: "Ann", primaryAddress: "ann@unclaimed.example" } }, acme.adminToken)).toBe("DOMAIN_NOT_OWNED");
      expect(await footprint()).toEqual(before);
    });

    it("refuses an address on a public mail provider with FREE_MAIL_DOMAIN", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      const before = await footprint();
      expect(await app.code(CREATE_ACCOUNT, { i: { displayName: "Ann", primaryAddress: "ann@gmail.com" } }, acme.adminToken)).toBe("FREE_MAIL_DOMAIN");
      expect(await app.code(CREATE_ACCOUNT, { i: { displayName: "Ann", primaryAddress: "Ann@YAHOO.co.uk" } }, acme.adminToken)).toBe("FREE_MAIL_DOMAIN");
      expect(await footprint()).toEqual(before);
    });

    it("treats another organization's verified domain as its namespace: ADDRESS_TAKEN, naming nobody", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      // Acme claimed globex.example too, but Globex verified it.
      const claim = await addDomain(acme.orgId, "globex.example", undefined, acme.adminToken);
      await app.orgWithAdmin("Globex", "globex.example");
      publish(claim.verificationRecord);
      const before = await footprint();
      for (const address of ["free-name@globex.example", "Other.Name@GLOBEX.example"]) {
        const res = await app.gql(CREATE_ACCOUNT, { i: { displayName: "Spy", primaryAddress: address } }, acme.adminToken);
        expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["ADDRESS_TAKEN"]);
        expect(res.errors?.[0].message).not.toContain("Globex");
      }
      expect(await footprint()).toEqual(before);
      expect((await domainsOf(acme.orgId)).find((d) => d.name === "globex.example")?.status).toBe("PENDING_VERIFICATION");
    });

    it("creates the account once the domain is verified", async () => {
      const orgId = await app.createOrg("Acme");
      const domain = await addDomain(orgId, "acme.example");
      expect(await app.code(CREATE_ACCOUNT, { i: { organizationId: orgId, displayName: "Ann", primaryAddress: "ann@acme.example" } })).toBe("DOMAIN_NOT_VERIFIED");
      publish(domain.verificationRecord);
      await app.ok(VERIFY, { id: domain.id });
      const created = await app.ok(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { displayName sendAs } }`, {
        i: { organizationId: orgId, displayName: "Ann", primaryAddress: "ann@acme.example" },
      });
      expect(created.createAccount).toEqual({ displayName: "Ann", sendAs: "ann@acme.example" });
    });
  });

  describe("who may manage domains", () => {
    it("lets an admin manage its own organization's domains without naming the organization", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      const added = await addDomain(null, "second.example", "WEB_EMAIL", acme.adminToken);
      expect(added).toMatchObject({ name: "second.example", mailService: "WEB_EMAIL", status: "PENDING_VERIFICATION" });
      publish(added.verificationRecord);
      expect((await app.ok(VERIFY, { id: added.id }, acme.adminToken)).verifyDomain.status).toBe("VERIFIED");
      expect((await app.ok("{ domains { name } }", {}, acme.adminToken)).domains).toEqual([{ name: "acme.example" }, { name: "second.example" }]);
      expect((await app.ok(REMOVE, { id: added.id }, acme.adminToken)).removeDomain.name).toBe("second.example");
    });

    it("refuses PROFESSIONAL and GUEST accounts with FORBIDDEN and changes nothing", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      const pending = await addDomain(acme.orgId, "pending.example");
      publish(pending.verificationRecord);
      const verified = (await domainsOf(acme.orgId)).find((d) => d.name === "acme.example")!;
      await app.createAccount(acme.orgId, { primaryAddress: "pro@acme.example", profile: "PROFESSIONAL", password: "pro-password-1" });
      await app.createAccount(acme.orgId, { primaryAddress: "guest@acme.example", profile: "GUEST", password: "guest-password-1" });
      const pro = await app.login("pro@acme.example", "pro-password-1");
      const guest = await app.login("guest@acme.example", "guest-password-1");

      const before = await footprint();
      for (const token of [pro, guest]) {
        expect(await app.code(ADD, { i: { name: "mine.example" } }, token)).toBe("FORBIDDEN");
        expect(await app.code(ADD, { i: { organizationId: acme.orgId, name: "mine.example" } }, token)).toBe("FORBIDDEN");
        expect(await app.code(VERIFY, { id: pending.id }, token)).toBe("FORBIDDEN");
        expect(await app.code(REMOVE, { id: verified.id }, token)).toBe("FORBIDDEN");
        expect(await app.code(UPDATE, { id: verified.id, i: { mailService: "WEB_EMAIL" } }, token)).toBe("FORBIDDEN");
      }
      expect(await footprint()).toEqual(before);
      expect((await domainsOf(acme.orgId)).map((d) => [d.name, d.status, d.mailService])).toEqual([
        ["acme.example", "VERIFIED", "EXCHANGE"],
        ["pending.example", "PENDING_VERIFICATION", "EXCHANGE"],
      ]);
    });

    async function foreignDomains() {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      const globex = await app.orgWithAdmin("Globex", "globex.example");
      const pending = await addDomain(globex.orgId, "pending-globex.example");
      publish(pending.verificationRecord);
      const verified = (await domainsOf(globex.orgId)).find((d) => d.name === "globex.example")!;
      return { acme, globex, pending, verified };
    }

    /** What the three per-domain mutations answer for `id`. */
    async function answersFor(id: string, token: string) {
      const verify = await app.gql(VERIFY, { id }, token);
      const remove = await app.gql(REMOVE, { id }, token);
      const update = await app.gql(UPDATE, { id, i: { mailService: "WEB_EMAIL" } }, token);
      return [verify, remove, update].map((res) => ({ data: res.data ?? null, errors: res.errors?.map((e) => ({ code: e.extensions?.code, message: e.message })) }));
    }

    it("answers another organization's domains with NOT_FOUND and changes nothing", async () => {
      const { acme, globex, pending, verified } = await foreignDomains();
      const before = await footprint();
      for (const id of [pending.id, verified.id, "00000000-0000-0000-0000-000000000000"]) {
        const answers = await answersFor(id, acme.adminToken);
        expect(answers.map((a) => [a.data, a.errors?.map((e) => e.code)])).toEqual([
          [null, ["NOT_FOUND"]],
          [null, ["NOT_FOUND"]],
          [null, ["NOT_FOUND"]],
        ]);
      }
      expect(await app.code(DOMAINS, { o: globex.orgId }, acme.adminToken)).toBe("NOT_FOUND");
      expect(await app.code(ADD, { i: { organizationId: globex.orgId, name: "intrusion.example" } }, acme.adminToken)).toBe("NOT_FOUND");
      expect(await footprint()).toEqual(before);
      expect((await domainsOf(globex.orgId)).map((d) => [d.name, d.status, d.mailService])).toEqual([
        ["globex.example", "VERIFIED", "EXCHANGE"],
        ["pending-globex.example", "PENDING_VERIFICATION", "EXCHANGE"],
      ]);
    });

    it("answers another organization's domain exactly as a missing one, message included", async () => {
      const { acme, pending, verified } = await foreignDomains();
      const forMissing = await answersFor("00000000-0000-0000-0000-000000000000", acme.adminToken);
      expect(forMissing[0].errors).toEqual([{ code: "NOT_FOUND", message: "Domain not found." }]);
      expect(await answersFor(pending.id, acme.adminToken)).toEqual(forMissing);
      expect(await answersFor(verified.id, acme.adminToken)).toEqual(forMissing);
    });
  });
});
