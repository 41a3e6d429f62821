import { dialects } from "./support/databases";
import { OPERATOR_EMAIL } from "./support/harness";
import { MINUTE, useAliasMail } from "./support/alias-mail";
import {
  AddAliasDocument,
  AuditEventsDocument,
  CancelAliasClaimDocument,
  ConfirmAliasDocument,
  RemoveAddressDocument,
  RequestAliasDocument,
  ResendAliasConfirmationDocument,
} from "./generated/graphql";

/** Claims on an address outside the organization: who asks, resending, cancelling, and the audit trail they leave. */
describe.each(dialects())("alias claims (%s)", (dialect) => {
  const { app, sink, count, claim, account, resolve, refuse, tokenOf, world } = useAliasMail(dialect);

  describe("administrators", () => {
    it("add an alias on the organization's verified domain at once, with no claim and no mail", async () => {
      const { acme, bobId } = await world();
      const viaRequest = (await app.request(RequestAliasDocument, { input: { accountId: bobId, address: "Robert@acme.test" } }, acme.adminToken)).requestAlias;
      expect(viaRequest.claim).toBeNull();
      expect(viaRequest.alias).toMatchObject({ address: "robert@acme.test", kind: "ALIAS", status: "ACTIVE", account: { id: bobId } });
      const viaAdd = (await app.request(AddAliasDocument, { input: { accountId: bobId, address: "bobby@acme.test" } }, acme.adminToken)).addAlias;
      expect(viaAdd.claim).toBeNull();
      expect(viaAdd.alias).toMatchObject({ address: "bobby@acme.test", kind: "ALIAS", status: "ACTIVE", account: { id: bobId } });

      expect(sink.messages).toEqual([]);
      expect(await count("alias_claim")).toBe(0);
      expect((await resolve("bobby@acme.test"))?.deliverTo).toEqual(["bob@acme.test"]);
      const bob = await account(bobId, acme.adminToken);
      expect(bob.aliases!.map((a) => a.address).sort()).toEqual(["bobby@acme.test", "robert@acme.test"]);
      expect(bob.pendingAliasClaims).toEqual([]);
    });

    it("get a claim and a confirmation mail for an address outside the organization's domains", async () => {
      const { acme, bobId } = await world();
      const viaRequest = await claim(bobId, "bob@bob-home.test", acme.adminToken, "requestAlias");
      const viaAdd = await claim(bobId, "robert.b@gmail.com", acme.adminToken, "addAlias");
      const byOperator = await claim(bobId, "rb@yahoo.com", app.operatorToken, "requestAlias");
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
      expect((await account(bobId, acme.adminToken)).pendingAliasClaims!.map((c) => c.address)).toEqual([
        "bob@bob-home.test",
        "robert.b@gmail.com",
        "rb@yahoo.com",
      ]);

      await app.request(ConfirmAliasDocument, { token: viaAdd.token }, null);
      expect((await resolve("robert.b@gmail.com"))?.deliverTo).toEqual(["bob@acme.test"]);
      expect((await account(bobId, acme.adminToken)).pendingAliasClaims!.map((c) => c.address)).toEqual(["bob@bob-home.test", "rb@yahoo.com"]);
    });
  });

  describe("resend and cancel", () => {
    it("resends a new link and retires the old one", async () => {
      const { bobId, bob } = await world();
      const pending = await claim(bobId, "bob.private@gmail.com", bob);
      app.clock.offsetMs = 10 * MINUTE;
      const resent = (await app.request(ResendAliasConfirmationDocument, { claimId: pending.claim.id }, bob)).resendAliasConfirmation;
      expect(resent).toMatchObject({ id: pending.claim.id, address: "bob.private@gmail.com", requestedBy: "bob@acme.test" });
      expect(Date.parse(resent.expiresAt) - Date.parse(pending.claim.expiresAt)).toBeGreaterThanOrEqual(10 * MINUTE);

      const again = await sink.next("bob.private@gmail.com");
      expect(again.subject).toBe(pending.message.subject);
      const fresh = tokenOf(again);
      expect(fresh).not.toBe(pending.token);
      expect(sink.messages).toHaveLength(2);

      await refuse(ConfirmAliasDocument, { token: pending.token }, null, "INVALID_TOKEN");
      expect((await app.request(ConfirmAliasDocument, { token: fresh }, null)).confirmAlias).toMatchObject({
        address: "bob.private@gmail.com",
        status: "ACTIVE",
      });
      expect((await resolve("bob.private@gmail.com"))?.deliverTo).toEqual(["bob@acme.test"]);
      // A confirmed claim cannot be resent any more.
      await refuse(ResendAliasConfirmationDocument, { claimId: pending.claim.id }, bob, "NOT_FOUND");
    });

    it("sends at most three messages per claim per hour, the first request included", async () => {
      const { bobId, bob } = await world();
      const pending = await claim(bobId, "bob.private@gmail.com", bob);
      await app.request(ResendAliasConfirmationDocument, { claimId: pending.claim.id }, bob);
      await sink.next("bob.private@gmail.com");
      await app.request(ResendAliasConfirmationDocument, { claimId: pending.claim.id }, bob);
      const third = tokenOf(await sink.next("bob.private@gmail.com"));
      expect(sink.messages).toHaveLength(3);

      app.clock.offsetMs = 59 * MINUTE;
      const limited = await refuse(ResendAliasConfirmationDocument, { claimId: pending.claim.id }, bob, "RATE_LIMITED");
      expect(limited.message).toMatch(/3 times/);
      // The window opened at the first send, 59 minutes ago: about a minute left (the clock also moved a little meanwhile).
      expect(limited.extensions?.retryAfter).toBeGreaterThan(0);
      expect(limited.extensions?.retryAfter).toBeLessThanOrEqual(60);
      // Asking again for the same address is the same message to the same person: same limit.
      await refuse(RequestAliasDocument, { input: { accountId: bobId, address: "bob.private@gmail.com" } }, bob, "RATE_LIMITED");
      expect(sink.messages).toHaveLength(3);

      app.clock.offsetMs = 61 * MINUTE;
      await app.request(ResendAliasConfirmationDocument, { claimId: pending.claim.id }, bob);
      const fourth = tokenOf(await sink.next("bob.private@gmail.com"));
      expect(sink.messages).toHaveLength(4);
      await refuse(ConfirmAliasDocument, { token: third }, null, "INVALID_TOKEN");
      expect((await app.request(ConfirmAliasDocument, { token: fourth }, null)).confirmAlias.address).toBe("bob.private@gmail.com");
    });

    it("cancels a pending claim: it leaves pendingAliasClaims and its link stops working", async () => {
      const { acme, bobId, bob } = await world();
      const kept = await claim(bobId, "bob.kept@gmail.com", bob);
      const pending = await claim(bobId, "bob.private@gmail.com", bob);
      const adminsClaim = await claim(bobId, "bob.admin@gmail.com", acme.adminToken);

      const cancelled = (await app.request(CancelAliasClaimDocument, { claimId: pending.claim.id }, bob)).cancelAliasClaim;
      expect(cancelled).toMatchObject({ id: pending.claim.id, address: "bob.private@gmail.com", account: { id: bobId } });
      await app.request(CancelAliasClaimDocument, { claimId: adminsClaim.claim.id }, acme.adminToken);
      expect((await account(bobId, bob)).pendingAliasClaims!.map((c) => c.id)).toEqual([kept.claim.id]);
      expect(await count("alias_claim")).toBe(1);
      expect(sink.messages).toHaveLength(3);

      await refuse(ConfirmAliasDocument, { token: pending.token }, null, "INVALID_TOKEN");
      await refuse(ConfirmAliasDocument, { token: adminsClaim.token }, null, "INVALID_TOKEN");
      await refuse(CancelAliasClaimDocument, { claimId: pending.claim.id }, bob, "NOT_FOUND");
      await refuse(ResendAliasConfirmationDocument, { claimId: pending.claim.id }, bob, "NOT_FOUND");
      expect(await resolve("bob.private@gmail.com")).toBeNull();
      expect((await app.request(ConfirmAliasDocument, { token: kept.token }, null)).confirmAlias.address).toBe("bob.kept@gmail.com");
    });
  });

  it("records request, resend, confirmation, cancellation and removal in the audit trail", async () => {
    const { acme, bobId, bob } = await world();
    const events = async (action: string, targetId: string) => {
      const data = await app.request(AuditEventsDocument, { organizationId: acme.orgId, action, targetId, first: 100 }, acme.adminToken);
      return data.auditEvents.edges.map((e) => e.node);
    };

    const confirmed = await claim(bobId, "bob.private@gmail.com", bob);
    await app.request(ResendAliasConfirmationDocument, { claimId: confirmed.claim.id }, bob);
    const token = tokenOf(await sink.next("bob.private@gmail.com"));
    await app.request(ConfirmAliasDocument, { token }, null);
    const alias = (await account(bobId, bob)).aliases!.find((a) => a.address === "bob.private@gmail.com")!;
    const withdrawn = await claim(bobId, "bob.old@gmail.com", bob);
    await app.request(CancelAliasClaimDocument, { claimId: withdrawn.claim.id }, bob);
    await app.request(RemoveAddressDocument, { id: alias.id }, bob);

    const byBob = { actorType: "ACCOUNT", actorLabel: "bob@acme.test" };
    expect(await events("alias.request", confirmed.claim.id)).toEqual([
      expect.objectContaining({ action: "alias.request", targetType: "AliasClaim", targetId: confirmed.claim.id, ...byBob }),
    ]);
    expect(await events("alias.resend", confirmed.claim.id)).toEqual([
      expect.objectContaining({ action: "alias.resend", targetType: "AliasClaim", targetId: confirmed.claim.id, ...byBob }),
    ]);
    const confirmation = await events("alias.confirm", alias.id);
    expect(confirmation).toEqual([expect.objectContaining({ action: "alias.confirm", targetType: "Address", targetId: alias.id })]);
    expect(confirmation[0].summary).toMatchObject({
      claimId: confirmed.claim.id,
      requestedBy: "bob@acme.test",
      after: { address: "bob.private@gmail.com", kind: "ALIAS", accountId: bobId },
    });
    expect(await events("alias.request", withdrawn.claim.id)).toHaveLength(1);
    expect(await events("alias.cancel", withdrawn.claim.id)).toEqual([
      expect.objectContaining({ action: "alias.cancel", targetType: "AliasClaim", targetId: withdrawn.claim.id, ...byBob }),
    ]);
    const removal = await events("address.remove", alias.id);
    expect(removal).toEqual([expect.objectContaining({ action: "address.remove", targetType: "Address", targetId: alias.id, ...byBob })]);
    expect(removal[0].summary).toMatchObject({ before: { address: "bob.private@gmail.com", kind: "ALIAS", accountId: bobId } });
    expect(await resolve("bob.private@gmail.com")).toBeNull();
    expect(JSON.stringify(await app.request(AuditEventsDocument, { organizationId: acme.orgId, first: 100 }, acme.adminToken))).not.toContain(token);
  });
});
