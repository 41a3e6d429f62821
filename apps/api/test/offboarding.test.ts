import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import {
  AccountMailDocument,
  AddAliasDocument,
  AddSecondaryAddressDocument,
  AuditEventsDocument,
  DisableAccountDocument,
  EnableAccountDocument,
  LoginDocument,
  OffboardAccountDocument,
  ResolveDocument,
  SetPrimaryAddressDocument,
  ViewerDocument,
} from "./generated/graphql";

describe.each(dialects())("offboarding (%s)", (dialect) => {
  const app = useTestApp(dialect);

  const resolve = async (address: string) => (await app.request(ResolveDocument, { address })).resolveAddress;

  /** Acme with a leaver (primary, an alias, a provisioned secondary) and the colleague who takes their mail. */
  async function leaverAndTarget() {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const leaverId = await app.createAccount(acme.orgId, { primaryAddress: "lea@acme.test", exchangeEnabled: true, password: "leaver-password-1" });
    const targetId = await app.createAccount(acme.orgId, { primaryAddress: "tom@acme.test", exchangeEnabled: true });
    const alias = (await app.request(AddAliasDocument, { input: { accountId: leaverId, address: "lea.alias@acme.test" } }, acme.adminToken)).addAlias.alias!;
    expect(alias.kind).toBe("ALIAS");
    const secondary = (await app.request(AddSecondaryAddressDocument, { input: { accountId: leaverId, address: "lea.sec@acme.test" } }, acme.adminToken))
      .addSecondaryAddress;
    expect(await app.worker().runDue()).toBe(1);
    const leaverToken = await app.login("lea@acme.test", "leaver-password-1");
    return { ...acme, leaverId, targetId, leaverToken, secondaryId: secondary.id, addresses: ["lea.alias@acme.test", "lea.sec@acme.test", "lea@acme.test"] };
  }

  it("routes every address of the leaver to the colleague, disables the leaver and ends its sessions", async () => {
    const s = await leaverAndTarget();
    for (const address of s.addresses) {
      expect(await resolve(address)).toMatchObject({ address, status: "ACTIVE", account: { id: s.leaverId }, deliverTo: ["lea@acme.test"] });
    }
    expect((await app.request(ViewerDocument, {}, s.leaverToken)).viewer).toEqual({
      role: "PROFESSIONAL",
      operator: null,
      account: { id: s.leaverId, displayName: "lea" },
      organization: { id: s.orgId, name: "Acme" },
    });

    const result = (await app.request(OffboardAccountDocument, { input: { accountId: s.leaverId, transferToAccountId: s.targetId } }, s.adminToken))
      .offboardAccount;
    expect(result.leaver).toMatchObject({ id: s.leaverId, status: "DISABLED", exchangeEnabled: false, primaryAddress: null, sendAs: null, addresses: [] });
    expect(result.leaver.formerAddresses!.map((a) => a.address).sort()).toEqual(s.addresses);
    for (const former of result.leaver.formerAddresses!) expect(former).toMatchObject({ kind: "SECONDARY", status: "ACTIVE", account: { id: s.targetId } });
    expect(result.target.id).toBe(s.targetId);
    expect(result.target.status).toBe("ACTIVE");
    expect(result.target.sendAs).toBe("tom@acme.test");
    expect(result.target.secondaryAddresses!.map((a) => a.address).sort()).toEqual(s.addresses);
    expect(result.moved.map((a) => a.address).sort()).toEqual(s.addresses);

    for (const address of s.addresses) {
      expect(await resolve(address)).toMatchObject({ address, kind: "SECONDARY", status: "ACTIVE", account: { id: s.targetId }, deliverTo: ["tom@acme.test"] });
    }
    const leaver = (await app.request(AccountMailDocument, { id: s.leaverId })).account;
    expect(leaver).toMatchObject({ status: "DISABLED", exchangeEnabled: false, primaryAddress: null, addresses: [] });
    expect(leaver.formerAddresses!.map((a) => a.address).sort()).toEqual(s.addresses);
    const target = (await app.request(AccountMailDocument, { id: s.targetId })).account;
    expect(target.primaryAddress).toEqual({ address: "tom@acme.test" });
    expect(target.addresses![0]).toEqual({ address: "tom@acme.test", kind: "PRIMARY" });
    expect(
      target
        .addresses!.slice(1)
        .map((a) => `${a.kind} ${a.address}`)
        .sort(),
    ).toEqual(s.addresses.map((a) => `SECONDARY ${a}`));

    // The leaver's session ends at once and it cannot sign in again.
    expect((await app.request(ViewerDocument, {}, s.leaverToken)).viewer).toBeNull();
    expect(await app.code(AccountMailDocument, { id: s.leaverId }, s.leaverToken)).toBe("UNAUTHENTICATED");
    expect(await app.code(LoginDocument, { email: "lea@acme.test", password: "leaver-password-1" }, null)).toBe("UNAUTHENTICATED");

    // Audited: the offboarding and one transfer per address.
    const offboard = (await app.request(AuditEventsDocument, { organizationId: s.orgId, action: "account.offboard", first: 100 })).auditEvents;
    expect(offboard.totalCount).toBe(1);
    expect(offboard.edges[0].node.targetId).toBe(s.leaverId);
    expect(offboard.edges[0].node.summary).toMatchObject({ transferredTo: s.targetId, after: { status: "DISABLED", exchangeEnabled: false } });
    expect([...(offboard.edges[0].node.summary.addresses as string[])].sort()).toEqual(s.addresses);
    const transfers = (await app.request(AuditEventsDocument, { organizationId: s.orgId, action: "address.transfer", first: 100 })).auditEvents;
    expect(transfers.totalCount).toBe(3);
    expect(transfers.edges.map((e) => e.node.targetId).sort()).toEqual(result.moved.map((a) => a.id).sort());
    expect(transfers.edges.map((e) => (e.node.summary.after as { accountId: string }).accountId)).toEqual([s.targetId, s.targetId, s.targetId]);
  });

  it("reports the moved addresses as they are now: SECONDARY addresses of the colleague", async () => {
    const s = await leaverAndTarget();
    const result = (await app.request(OffboardAccountDocument, { input: { accountId: s.leaverId, transferToAccountId: s.targetId } }, s.adminToken))
      .offboardAccount;
    const moved = [...result.moved].sort((a, b) => a.address.localeCompare(b.address));
    expect(moved.map((a) => ({ address: a.address, kind: a.kind, status: a.status, account: a.account?.id }))).toEqual(
      s.addresses.map((address) => ({ address, kind: "SECONDARY", status: "ACTIVE", account: s.targetId })),
    );
  });

  it("re-enables an offboarded account only once it has a new primary address", async () => {
    const s = await leaverAndTarget();
    await app.request(OffboardAccountDocument, { input: { accountId: s.leaverId, transferToAccountId: s.targetId } }, s.adminToken);

    expect(await app.code(EnableAccountDocument, { id: s.leaverId }, s.adminToken)).toBe("BAD_USER_INPUT");
    expect((await app.request(AccountMailDocument, { id: s.leaverId })).account.status).toBe("DISABLED");
    expect(await app.code(SetPrimaryAddressDocument, { accountId: s.leaverId, address: "lea@acme.test" }, s.adminToken)).toBe("ADDRESS_TAKEN");

    expect(
      (await app.request(SetPrimaryAddressDocument, { accountId: s.leaverId, address: "lea.back@acme.test" }, s.adminToken)).setPrimaryAddress.primaryAddress,
    ).toMatchObject({ address: "lea.back@acme.test", kind: "PRIMARY", status: "ACTIVE" });
    expect((await app.request(EnableAccountDocument, { id: s.leaverId }, s.adminToken)).enableAccount).toEqual({
      id: s.leaverId,
      status: "ACTIVE",
      primaryAddress: { address: "lea.back@acme.test" },
    });
    expect(await resolve("lea.back@acme.test")).toMatchObject({ account: { id: s.leaverId }, deliverTo: ["lea.back@acme.test"] });
    // Mail to the old addresses stays with the colleague.
    for (const address of s.addresses) expect((await resolve(address))?.account?.id).toBe(s.targetId);
  });

  it("refuses a target in another organization, the leaver itself and a disabled target, changing nothing", async () => {
    const s = await leaverAndTarget();
    const globex = await app.orgWithAdmin("Globex", "globex.test");
    const outsiderId = await app.createAccount(globex.orgId, { primaryAddress: "gus@globex.test" });
    const disabledId = await app.createAccount(s.orgId, { primaryAddress: "gone@acme.test" });
    await app.request(DisableAccountDocument, { id: disabledId }, s.adminToken);

    const refusals: [string, string][] = [
      [outsiderId, "NOT_FOUND"],
      ["00000000-0000-0000-0000-000000000000", "NOT_FOUND"],
      [s.leaverId, "BAD_USER_INPUT"],
      [disabledId, "ACCOUNT_DISABLED"],
    ];
    const codes: string[] = [];
    for (const [target] of refusals)
      codes.push(await app.code(OffboardAccountDocument, { input: { accountId: s.leaverId, transferToAccountId: target } }, s.adminToken));
    expect(codes).toEqual(refusals.map((r) => r[1]));
    // Another organization's admin cannot offboard Acme's member onto its own.
    expect(await app.code(OffboardAccountDocument, { input: { accountId: s.leaverId, transferToAccountId: outsiderId } }, globex.adminToken)).toBe("NOT_FOUND");

    const leaver = (await app.request(AccountMailDocument, { id: s.leaverId })).account;
    expect(leaver).toMatchObject({ status: "ACTIVE", exchangeEnabled: true, primaryAddress: { address: "lea@acme.test" }, formerAddresses: [] });
    for (const address of s.addresses) expect((await resolve(address))?.account?.id).toBe(s.leaverId);
    expect((await app.request(ViewerDocument, {}, s.leaverToken)).viewer?.account?.id).toBe(s.leaverId);
    expect((await app.request(AuditEventsDocument, { organizationId: s.orgId, action: "account.offboard", first: 100 })).auditEvents.totalCount).toBe(0);
    expect((await app.request(AuditEventsDocument, { organizationId: s.orgId, action: "address.transfer", first: 100 })).auditEvents.totalCount).toBe(0);
  });

  it("never leaves an address on a disabled account when an alias or a secondary is added during the offboarding", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const outcomes: string[] = [];
    for (let round = 0; round < 10; round++) {
      const leaverId = await app.createAccount(acme.orgId, { primaryAddress: `leaver${round}@acme.test`, exchangeEnabled: true });
      const targetId = await app.createAccount(acme.orgId, { primaryAddress: `target${round}@acme.test`, exchangeEnabled: true });
      // Vary who starts first and by how much, so both interleavings occur over the rounds.
      const head = round % 2 === 0 ? 0 : round % 5;
      const tail = round % 2 === 0 ? round % 5 : 0;
      const later = <T>(ms: number, send: () => Promise<T>) => new Promise<T>((resolve, reject) => setTimeout(() => send().then(resolve, reject), ms));
      const [offboard, alias, secondary] = await Promise.all([
        later(head, () => app.gql(OffboardAccountDocument, { input: { accountId: leaverId, transferToAccountId: targetId } }, acme.adminToken)),
        later(tail, () => app.gql(AddAliasDocument, { input: { accountId: leaverId, address: `late-alias${round}@acme.test` } }, acme.adminToken)),
        later(tail, () => app.gql(AddSecondaryAddressDocument, { input: { accountId: leaverId, address: `late-sec${round}@acme.test` } }, acme.adminToken)),
      ]);
      expect(offboard.errors).toBeUndefined();
      expect(offboard.data?.offboardAccount.leaver.status).toBe("DISABLED");
      for (const [res, address] of [
        [alias, `late-alias${round}@acme.test`],
        [secondary, `late-sec${round}@acme.test`],
      ] as const) {
        const code = res.errors ? res.errors.map((e) => e.extensions?.code).join(",") : "OK";
        expect(["OK", "ACCOUNT_DISABLED"]).toContain(code);
        outcomes.push(code);
        const rows: { account_id: string; kind: string; former_account_id: string | null }[] = await app.db.manager.query(
          "SELECT account_id, kind, former_account_id FROM address WHERE address = ?",
          [address],
        );
        // Landed before the offboarding (and moved with the rest), or refused and absent.
        expect(rows).toEqual(code === "OK" ? [{ account_id: targetId, kind: "SECONDARY", former_account_id: leaverId }] : []);
      }
      const stranded: { n: number | string }[] = await app.db.manager.query(
        "SELECT COUNT(*) AS n FROM address ad JOIN account ac ON ac.id = ad.account_id WHERE ac.status = 'DISABLED'",
      );
      expect(Number(stranded[0].n)).toBe(0);
      expect((await resolve(`leaver${round}@acme.test`))?.account?.id).toBe(targetId);
    }
    expect(outcomes).toHaveLength(20);
  });
});
