import { dialects } from "./support/databases";
import { domainHelpers } from "./support/domains";
import { useTestApp } from "./support/harness";
import { AddDomainDocument, DomainsDocument, RemoveDomainDocument, UpdateDomainDocument, VerifyDomainDocument } from "./generated/graphql";

/** Admins manage their own organization's domains; other profiles are refused, other organizations' domains do not exist. */
describe.each(dialects())("who may manage domains (%s)", (dialect) => {
  const app = useTestApp(dialect);
  const { footprint, addDomain, publish, domainsOf } = domainHelpers(app);

  it("lets an admin manage its own organization's domains without naming the organization", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.example");
    const added = await addDomain(null, "second.example", "WEB_EMAIL", acme.adminToken);
    expect(added).toMatchObject({ name: "second.example", mailService: "WEB_EMAIL", status: "PENDING_VERIFICATION" });
    publish(added.verificationRecord);
    expect((await app.request(VerifyDomainDocument, { id: added.id }, acme.adminToken)).verifyDomain.status).toBe("VERIFIED");
    expect((await app.request(DomainsDocument, {}, acme.adminToken)).domains.map((d) => d.name)).toEqual(["acme.example", "second.example"]);
    expect((await app.request(RemoveDomainDocument, { id: added.id }, acme.adminToken)).removeDomain.name).toBe("second.example");
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
      expect(await app.code(AddDomainDocument, { input: { name: "mine.example" } }, token)).toBe("FORBIDDEN");
      expect(await app.code(AddDomainDocument, { input: { organizationId: acme.orgId, name: "mine.example" } }, token)).toBe("FORBIDDEN");
      expect(await app.code(VerifyDomainDocument, { id: pending.id }, token)).toBe("FORBIDDEN");
      expect(await app.code(RemoveDomainDocument, { id: verified.id }, token)).toBe("FORBIDDEN");
      expect(await app.code(UpdateDomainDocument, { id: verified.id, input: { mailService: "WEB_EMAIL" } }, token)).toBe("FORBIDDEN");
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
    const verify = await app.gql(VerifyDomainDocument, { id }, token);
    const remove = await app.gql(RemoveDomainDocument, { id }, token);
    const update = await app.gql(UpdateDomainDocument, { id, input: { mailService: "WEB_EMAIL" } }, token);
    return [verify, remove, update].map((res) => ({
      data: res.data ?? null,
      errors: res.errors?.map((e) => ({ code: e.extensions?.code, message: e.message })),
    }));
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
    expect(await app.code(DomainsDocument, { organizationId: globex.orgId }, acme.adminToken)).toBe("NOT_FOUND");
    expect(await app.code(AddDomainDocument, { input: { organizationId: globex.orgId, name: "intrusion.example" } }, acme.adminToken)).toBe("NOT_FOUND");
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
