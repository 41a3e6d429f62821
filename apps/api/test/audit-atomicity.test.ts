import { EntityManager } from "typeorm";
import { AuditEventEntity } from "../src/audit/audit-event.entity";
import { dialects } from "./support/databases";
import { auditRows, useAuditTrail } from "./support/audit";
import {
  AddAliasDocument,
  AddDomainDocument,
  CreateAccountDocument,
  CreateOrganizationDocument,
  DisableAccountDocument,
  DomainsDocument,
  EnableAccountDocument,
  RemoveAddressDocument,
  RemoveDomainDocument,
  SetPrimaryAddressDocument,
  UpdateAccountDocument,
  UpdateDomainDocument,
  UpdateOrganizationPolicyDocument,
  VerifyDomainDocument,
} from "./generated/graphql";

/** An audit event exists exactly when its change does: a refusal writes none, a failed event undoes its change. */
describe.each(dialects())("audit events and their changes (%s)", (dialect) => {
  const { app, refused } = useAuditTrail(dialect);

  it("writes nothing for a refused mutation", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const globex = await app.orgWithAdmin("Globex", "globex.test");
    const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
    const guestId = await app.createAccount(acme.orgId, { primaryAddress: "guest@acme.test", profile: "GUEST", password: "guest-password-1" });
    await app.createAccount(acme.orgId, { primaryAddress: "pro@acme.test", profile: "PROFESSIONAL", password: "pro-password-1" });
    const guest = await app.login("guest@acme.test", "guest-password-1");
    const pro = await app.login("pro@acme.test", "pro-password-1");
    const guestAlias = (await app.request(AddAliasDocument, { input: { accountId: guestId, address: "visitor@acme.test" } }, acme.adminToken)).addAlias.alias!
      .id;
    const pending = (await app.request(AddDomainDocument, { input: { name: "acme-pending.test" } }, acme.adminToken)).addDomain.id;
    const acmeDomain = (await app.request(DomainsDocument, {}, acme.adminToken)).domains.find((d) => d.name === "acme.test")!.id;
    const globexDomain = (await app.request(DomainsDocument, {}, globex.adminToken)).domains[0].id;
    const bobPrimary: { id: string }[] = await app.db.manager.query("SELECT id FROM address WHERE address = ?", ["bob@acme.test"]);
    const total = await auditRows(app);

    await refused(CreateOrganizationDocument, { input: { name: "Rogue" } }, acme.adminToken, "FORBIDDEN");
    await refused(UpdateOrganizationPolicyDocument, { id: acme.orgId, input: { maxAliasesPerAccount: -1 } }, acme.adminToken, "BAD_USER_INPUT");
    await refused(UpdateOrganizationPolicyDocument, { id: acme.orgId, input: { aliasSelfService: false } }, pro, "FORBIDDEN");
    await refused(UpdateOrganizationPolicyDocument, { id: acme.orgId, input: { aliasSelfService: false } }, globex.adminToken, "NOT_FOUND");
    await refused(AddDomainDocument, { input: { name: "gmail.com" } }, acme.adminToken, "FREE_MAIL_DOMAIN");
    await refused(AddDomainDocument, { input: { name: "globex.test" } }, acme.adminToken, "DOMAIN_TAKEN");
    await refused(VerifyDomainDocument, { id: pending }, acme.adminToken, "DOMAIN_VERIFICATION_FAILED");
    await refused(UpdateDomainDocument, { id: globexDomain, input: { mailService: "WEB_EMAIL" } }, acme.adminToken, "NOT_FOUND");
    await refused(RemoveDomainDocument, { id: acmeDomain }, acme.adminToken, "DOMAIN_IN_USE");
    await refused(CreateAccountDocument, { input: { displayName: "Dup", primaryAddress: "BOB@acme.test" } }, acme.adminToken, "ADDRESS_TAKEN");
    await refused(
      CreateAccountDocument,
      { input: { displayName: "Short", primaryAddress: "short@acme.test", password: "short" } },
      acme.adminToken,
      "BAD_USER_INPUT",
    );
    await refused(CreateAccountDocument, { input: { displayName: "Elsewhere", primaryAddress: "someone@gmail.com" } }, acme.adminToken, "FREE_MAIL_DOMAIN");
    await refused(UpdateAccountDocument, { id: bobId, input: { displayName: "Hacked" } }, pro, "FORBIDDEN");
    await refused(UpdateAccountDocument, { id: bobId, input: { displayName: "   " } }, acme.adminToken, "BAD_USER_INPUT");
    await refused(SetPrimaryAddressDocument, { accountId: bobId, address: "guest@acme.test" }, acme.adminToken, "ADDRESS_TAKEN");
    await refused(DisableAccountDocument, { id: bobId }, globex.adminToken, "NOT_FOUND");
    await refused(EnableAccountDocument, { id: bobId }, pro, "FORBIDDEN");
    await refused(AddAliasDocument, { input: { accountId: bobId, address: "bob+news@acme.test" } }, acme.adminToken, "INVALID_ADDRESS");
    await refused(AddAliasDocument, { input: { accountId: bobId, address: "visitor@acme.test" } }, acme.adminToken, "ADDRESS_TAKEN");
    await refused(RemoveAddressDocument, { id: bobPrimary[0].id }, acme.adminToken, "BAD_USER_INPUT");
    await refused(RemoveAddressDocument, { id: guestAlias }, guest, "ALIAS_NOT_ALLOWED");

    await app.request(UpdateOrganizationPolicyDocument, { id: acme.orgId, input: { maxAliasesPerAccount: 0 } }, acme.adminToken);
    await refused(AddAliasDocument, { input: { accountId: bobId, address: "bob2@acme.test" } }, acme.adminToken, "ALIAS_LIMIT_REACHED");

    expect(await auditRows(app)).toBe(total + 1);
    expect((await app.auditActions(acme.orgId))[0]).toBe("organization.updatePolicy");
  });

  it("keeps an event and its change together: both or neither", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" }, acme.adminToken);
    const counts = async () => [await auditRows(app), await app.count("account"), await app.count("address")];

    // A refused change leaves no event.
    const before = await counts();
    expect(await app.code(CreateAccountDocument, { input: { displayName: "Dup", primaryAddress: "Bob@ACME.test" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
    expect(await counts()).toEqual(before);

    // An event that cannot be written takes its change down with it.
    const failure = new Error("audit store unavailable");
    const insert = EntityManager.prototype.insert;
    EntityManager.prototype.insert = function (this: EntityManager, target: unknown, ...rest: unknown[]) {
      if (target === AuditEventEntity) return Promise.reject(failure);
      return (insert as (...args: unknown[]) => Promise<unknown>).call(this, target, ...rest);
    } as typeof insert;
    let createRes;
    let aliasRes;
    try {
      createRes = await app.gql(CreateAccountDocument, { input: { displayName: "Carol", primaryAddress: "carol@acme.test" } }, acme.adminToken);
      aliasRes = await app.gql(AddAliasDocument, { input: { accountId: acme.adminId, address: "boss@acme.test" } }, acme.adminToken);
    } finally {
      EntityManager.prototype.insert = insert;
    }
    for (const res of [createRes, aliasRes]) {
      expect(res.status).toBeLessThan(500);
      expect(res.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["Internal server error.", "INTERNAL_SERVER_ERROR"]]);
    }
    expect(await counts()).toEqual(before);
    const rows: unknown[] = await app.db.manager.query("SELECT id FROM address WHERE address IN (?, ?)", ["carol@acme.test", "boss@acme.test"]);
    expect(rows).toEqual([]);
    expect(app.unexpectedErrors).toEqual([failure, failure]);
    app.unexpectedErrors = [];

    // With the trail writable again, the same changes go through with their events.
    await app.createAccount(acme.orgId, { primaryAddress: "carol@acme.test" }, acme.adminToken);
    await app.request(AddAliasDocument, { input: { accountId: acme.adminId, address: "boss@acme.test" } }, acme.adminToken);
    expect(await counts()).toEqual([before[0] + 2, before[1] + 1, before[2] + 2]);
  });
});
