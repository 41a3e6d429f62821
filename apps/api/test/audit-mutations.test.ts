import { dialects } from "./support/databases";
import { OPERATOR_EMAIL } from "./support/harness";
import { type AuditNode, auditRows, useAuditTrail } from "./support/audit";
import {
  AddAliasDocument,
  AddDomainDocument,
  AuditEventsDocument,
  CreateAccountDocument,
  CreateOrganizationDocument,
  DisableAccountDocument,
  EnableAccountDocument,
  RemoveAddressDocument,
  RemoveDomainDocument,
  SetPrimaryAddressDocument,
  UpdateAccountDocument,
  UpdateDomainDocument,
  UpdateOrganizationPolicyDocument,
  VerifyDomainDocument,
  ViewerDocument,
} from "./generated/graphql";

/** Every successful mutation writes one audit event: action, actor, target, and a before/after summary free of secrets. */
describe.each(dialects())("audit events of mutations (%s)", (dialect) => {
  const { app, audited } = useAuditTrail(dialect);
  let operatorId: string;
  beforeEach(async () => {
    operatorId = (await app.request(ViewerDocument, {})).viewer!.operator!.id;
  });

  it("writes exactly one event per mutation, with the action, actor, target and before/after", async () => {
    let orgId = "";
    const org = () => orgId;
    const asOperator = { actorType: "OPERATOR", actorId: operatorId, actorLabel: OPERATOR_EMAIL };

    // The organization's id is only known once it exists, so this first one is checked by hand.
    const beforeOrg = await auditRows(app);
    orgId = (await app.request(CreateOrganizationDocument, { input: { name: "Acme" } })).createOrganization.id;
    expect(await auditRows(app)).toBe(beforeOrg + 1);
    const orgEvent: AuditNode = (await app.request(AuditEventsDocument, { organizationId: orgId })).auditEvents.edges[0].node;
    expect(orgEvent).toMatchObject({
      action: "organization.create",
      ...asOperator,
      targetType: "Organization",
      targetId: orgId,
      summary: { after: { name: "Acme", aliasSelfService: true, maxAliasesPerAccount: null } },
    });

    const domain = await audited(org, AddDomainDocument, { input: { organizationId: orgId, name: "acme.test" } }, app.operatorToken);
    const domainId = domain.data.addDomain.id;
    expect(domain.event).toMatchObject({
      action: "domain.add",
      ...asOperator,
      targetType: "Domain",
      targetId: domainId,
      summary: { after: { name: "acme.test", status: "PENDING_VERIFICATION", mailService: "EXCHANGE" } },
    });
    const record = domain.data.addDomain.verificationRecord!;
    app.dns.setTxt(record.name, [record.value]);
    expect((await audited(org, VerifyDomainDocument, { id: domainId }, app.operatorToken)).event).toMatchObject({
      action: "domain.verify",
      ...asOperator,
      targetType: "Domain",
      targetId: domainId,
      summary: {
        before: { name: "acme.test", status: "PENDING_VERIFICATION", mailService: "EXCHANGE" },
        after: { name: "acme.test", status: "VERIFIED", mailService: "EXCHANGE" },
      },
    });

    const admin = await audited(
      org,
      CreateAccountDocument,
      { input: { organizationId: orgId, displayName: "Ada Admin", primaryAddress: "Admin@Acme.test", profile: "ADMIN", password: "admin-password-1" } },
      app.operatorToken,
    );
    const adminId = admin.data.createAccount.id;
    expect(admin.event).toEqual({
      id: admin.event.id,
      action: "account.create",
      ...asOperator,
      targetType: "Account",
      targetId: adminId,
      summary: { after: { displayName: "Ada Admin", profile: "ADMIN", status: "ACTIVE", exchangeEnabled: false, primaryAddress: "admin@acme.test" } },
    });
    expect(JSON.stringify(admin.event)).not.toContain("admin-password-1");
    expect(JSON.stringify(admin.event)).not.toContain("scrypt");

    const adminToken = await app.login("admin@acme.test", "admin-password-1");
    const asAdmin = { actorType: "ACCOUNT", actorId: adminId, actorLabel: "admin@acme.test" };

    expect(
      (await audited(org, UpdateOrganizationPolicyDocument, { id: orgId, input: { aliasSelfService: false, maxAliasesPerAccount: 3 } }, adminToken)).event,
    ).toMatchObject({
      action: "organization.updatePolicy",
      ...asAdmin,
      targetType: "Organization",
      targetId: orgId,
      summary: { before: { aliasSelfService: true, maxAliasesPerAccount: null }, after: { aliasSelfService: false, maxAliasesPerAccount: 3 } },
    });

    const second = await audited(org, AddDomainDocument, { input: { name: "acme.example", mailService: "EXCHANGE" } }, adminToken);
    const secondId = second.data.addDomain.id;
    expect(second.event).toMatchObject({
      action: "domain.add",
      ...asAdmin,
      targetId: secondId,
      summary: { after: { name: "acme.example", status: "PENDING_VERIFICATION", mailService: "EXCHANGE" } },
    });
    expect((await audited(org, UpdateDomainDocument, { id: secondId, input: { mailService: "WEB_EMAIL" } }, adminToken)).event).toMatchObject({
      action: "domain.update",
      ...asAdmin,
      targetType: "Domain",
      targetId: secondId,
      summary: {
        before: { name: "acme.example", status: "PENDING_VERIFICATION", mailService: "EXCHANGE" },
        after: { name: "acme.example", status: "PENDING_VERIFICATION", mailService: "WEB_EMAIL" },
      },
    });
    expect((await audited(org, RemoveDomainDocument, { id: secondId }, adminToken)).event).toEqual({
      id: expect.any(String),
      action: "domain.remove",
      ...asAdmin,
      targetType: "Domain",
      targetId: secondId,
      summary: { before: { name: "acme.example", status: "PENDING_VERIFICATION", mailService: "WEB_EMAIL" } },
    });

    const bob = await audited(org, CreateAccountDocument, { input: { displayName: "Bob", primaryAddress: "bob@acme.test" } }, adminToken);
    const bobId = bob.data.createAccount.id;
    expect(bob.event).toMatchObject({
      action: "account.create",
      ...asAdmin,
      targetId: bobId,
      summary: { after: { displayName: "Bob", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: false, primaryAddress: "bob@acme.test" } },
    });

    const updated = await audited(org, UpdateAccountDocument, { id: bobId, input: { displayName: "Robert", exchangeEnabled: true } }, adminToken);
    expect(updated.event).toEqual({
      id: expect.any(String),
      action: "account.update",
      ...asAdmin,
      targetType: "Account",
      targetId: bobId,
      summary: {
        before: { displayName: "Bob", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: false },
        after: { displayName: "Robert", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: true },
      },
    });

    const aliased = await audited(org, AddAliasDocument, { input: { accountId: bobId, address: "Robert@acme.test" } }, adminToken);
    const aliasId = aliased.data.addAlias.alias!.id;
    expect(aliased.event).toMatchObject({
      action: "address.addAlias",
      ...asAdmin,
      targetType: "Address",
      targetId: aliasId,
      summary: { after: { address: "robert@acme.test", kind: "ALIAS", status: "ACTIVE", accountId: bobId } },
    });

    const primary = await audited(org, SetPrimaryAddressDocument, { accountId: bobId, address: "robert@acme.test" }, adminToken);
    expect(primary.data.setPrimaryAddress.sendAs).toBe("robert@acme.test");
    expect(primary.event).toMatchObject({
      action: "account.setPrimaryAddress",
      ...asAdmin,
      targetType: "Account",
      targetId: bobId,
      summary: { before: { primaryAddress: "bob@acme.test" }, after: { primaryAddress: "robert@acme.test", previousKeptAs: "SECONDARY" } },
    });

    expect((await audited(org, DisableAccountDocument, { id: bobId }, adminToken)).event).toMatchObject({
      action: "account.disable",
      ...asAdmin,
      targetId: bobId,
      summary: { before: { status: "ACTIVE", displayName: "Robert" }, after: { status: "DISABLED", displayName: "Robert" } },
    });
    expect((await audited(org, EnableAccountDocument, { id: bobId }, app.operatorToken)).event).toMatchObject({
      action: "account.enable",
      ...asOperator,
      targetId: bobId,
      summary: { before: { status: "DISABLED" }, after: { status: "ACTIVE" } },
    });

    const oldIds: { id: string }[] = await app.db.manager.query("SELECT id FROM address WHERE address = ?", ["bob@acme.test"]);
    expect((await audited(org, RemoveAddressDocument, { id: oldIds[0].id }, adminToken)).event).toEqual({
      id: expect.any(String),
      action: "address.remove",
      ...asAdmin,
      targetType: "Address",
      targetId: oldIds[0].id,
      summary: { before: { address: "bob@acme.test", kind: "SECONDARY", status: "ACTIVE", accountId: bobId } },
    });

    expect(await app.auditActions(orgId)).toEqual([
      "address.remove",
      "account.enable",
      "account.disable",
      "account.setPrimaryAddress",
      "address.addAlias",
      "account.update",
      "account.create",
      "domain.remove",
      "domain.update",
      "domain.add",
      "organization.updatePolicy",
      "account.create",
      "domain.verify",
      "domain.add",
      "organization.create",
    ]);
  });

  it("records a password change as passwordChanged, never the password or its hash", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const bobId = await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@acme.test", password: "first-password-1" });
    const { event } = await audited(() => acme.orgId, UpdateAccountDocument, { id: bobId, input: { password: "second-password-2" } }, acme.adminToken);
    expect(event).toEqual({
      id: expect.any(String),
      action: "account.update",
      actorType: "ACCOUNT",
      actorId: acme.adminId,
      actorLabel: "admin@acme.test",
      targetType: "Account",
      targetId: bobId,
      summary: {
        passwordChanged: true,
        before: { displayName: "Bob", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: false },
        after: { displayName: "Bob", profile: "PROFESSIONAL", status: "ACTIVE", exchangeEnabled: false },
      },
    });

    const [{ password_hash: hash }]: { password_hash: string }[] = await app.db.manager.query("SELECT password_hash FROM account WHERE id = ?", [bobId]);
    expect(hash).toMatch(/^scrypt\$/);
    const stored: { summary: string }[] = await app.db.manager.query("SELECT summary FROM audit_event WHERE target_id = ?", [bobId]);
    expect(stored).toHaveLength(2);
    for (const { summary } of stored) {
      for (const secret of ["first-password-1", "second-password-2", hash, ...hash.split("$").slice(4), "scrypt", "password_hash", "passwordHash"]) {
        expect(summary).not.toContain(secret);
      }
    }
    // The change itself happened.
    expect(await app.login("bob@acme.test", "second-password-2")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
