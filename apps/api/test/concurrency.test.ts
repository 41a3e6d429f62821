import { dialects } from "./support/databases";
import { type GqlResponse, type TestApp, useTestApp } from "./support/harness";
import {
  AccountDocument,
  AddAliasDocument,
  type AddAliasInput,
  AddGroupMembersDocument,
  type CreateAccountInput,
  CreateAccountDocument,
  CreateGroupDocument,
  DisableAccountDocument,
  GroupExpansionDocument,
  ResolveDocument,
  SetPrimaryAddressDocument,
  UpdateOrganizationPolicyDocument,
} from "./generated/graphql";

/** One request for an address: a new account with it as primary, or an alias of an existing account. */
type Claim = { token: string } & ({ mutation: "createAccount"; input: CreateAccountInput } | { mutation: "addAlias"; input: AddAliasInput });

function send(app: TestApp, claim: Claim): Promise<GqlResponse<unknown>> {
  return claim.mutation === "createAccount"
    ? app.gql(CreateAccountDocument, { input: claim.input }, claim.token)
    : app.gql(AddAliasDocument, { input: claim.input }, claim.token);
}

/** Ten ways of writing `local@domain` that all canonicalize to the same address. */
function spellings(local: string, asciiDomain: string, unicodeDomain: string): string[] {
  const upper = (s: string) => s.toUpperCase();
  return [
    `${local}@${asciiDomain}`,
    `${upper(local)}@${asciiDomain}`,
    `${local}@${upper(asciiDomain)}`,
    `${upper(local)}@${upper(asciiDomain)}`,
    `${local}@${unicodeDomain}`,
    `${upper(local)}@${upper(unicodeDomain)}`,
    `  ${local}@${unicodeDomain}  `,
    `\t${upper(local)}@${asciiDomain}\n`,
    ` ${local[0].toUpperCase()}${local.slice(1)}@${unicodeDomain[0].toUpperCase()}${unicodeDomain.slice(1)} `,
    `${local}@${asciiDomain.replace(/^./, (c) => c.toUpperCase())}`,
  ];
}

function codesOf(responses: GqlResponse<unknown>[]): string[] {
  return responses.map((r) => (r.errors ?? []).map((e) => e.extensions?.code ?? "NO_CODE").join(",") || "OK");
}

describe.each(dialects())("concurrent claims on one address (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it.each([
    { round: 1, local: "race", domain: "bücher.test" },
    { round: 2, local: "sales", domain: "bücher.test" },
    { round: 3, local: "front.desk", domain: "acme.test" },
    { round: 4, local: "info", domain: "acme.test" },
  ])("round $round: 50 requests claim $local@$domain in every spelling; exactly one wins", async ({ local, domain }) => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const buecher = await app.verifiedDomain(acme.orgId, "bücher.test");
    expect(buecher.name).toBe("xn--bcher-kva.test");
    const globex = await app.orgWithAdmin("Globex", "globex.test");

    const acmeTargets = [
      await app.createAccount(acme.orgId, { primaryAddress: "anna@acme.test" }),
      await app.createAccount(acme.orgId, { primaryAddress: "ben@acme.test" }),
      await app.createAccount(acme.orgId, { primaryAddress: "cleo@acme.test" }),
    ];
    const globexTarget = await app.createAccount(globex.orgId, { primaryAddress: "gus@globex.test" });

    const asciiDomain = domain === "bücher.test" ? "xn--bcher-kva.test" : domain;
    const canonical = `${local}@${asciiDomain}`;
    const forms = spellings(local, asciiDomain, domain);

    const claims: Claim[] = [];
    for (let i = 0; i < 50; i++) {
      const address = forms[Math.floor(i / 5) % forms.length];
      switch (i % 5) {
        case 0:
          claims.push({
            mutation: "createAccount",
            input: { organizationId: acme.orgId, displayName: `Racer ${i}`, primaryAddress: address },
            token: acme.adminToken,
          });
          break;
        case 1:
          claims.push({ mutation: "addAlias", input: { accountId: acmeTargets[i % 3], address }, token: acme.adminToken });
          break;
        case 2:
          // The operator acts for Acme too, alternating between the two mutations.
          claims.push(
            i % 2
              ? { mutation: "addAlias", input: { accountId: acmeTargets[(i + 1) % 3], address }, token: app.operatorToken }
              : { mutation: "createAccount", input: { organizationId: acme.orgId, displayName: `Op ${i}`, primaryAddress: address }, token: app.operatorToken },
          );
          break;
        case 3:
          claims.push({ mutation: "createAccount", input: { displayName: `Intruder ${i}`, primaryAddress: address }, token: globex.adminToken });
          break;
        default:
          claims.push({ mutation: "addAlias", input: { accountId: globexTarget, address }, token: globex.adminToken });
      }
    }

    const accountsBefore = await app.count("SELECT COUNT(*) AS n FROM account");
    const addressesBefore = await app.count("SELECT COUNT(*) AS n FROM address");
    const auditBefore = await app.count("SELECT COUNT(*) AS n FROM audit_event");

    const responses = await Promise.all(claims.map((c) => send(app, c)));

    expect(responses.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
    const codes = codesOf(responses);
    expect(codes.filter((c) => c === "OK")).toHaveLength(1);
    expect(codes.filter((c) => c !== "OK")).toEqual(Array(49).fill("ADDRESS_TAKEN"));
    for (const r of responses.filter((x) => x.errors)) expect(r.errors).toHaveLength(1);

    const winnerIndex = codes.indexOf("OK");
    const winner = claims[winnerIndex];
    expect(winner.token).not.toBe(globex.adminToken);
    const winnerData = responses[winnerIndex].data;
    const wonByCreate = winner.mutation === "createAccount";
    if (wonByCreate) expect(winnerData).toMatchObject({ createAccount: { primaryAddress: { address: canonical } } });
    else expect(winnerData).toMatchObject({ addAlias: { alias: { address: canonical, kind: "ALIAS", status: "ACTIVE" } } });

    const rows: { address: string; organization_id: string; kind: string }[] = await app.db.manager.query(
      "SELECT address, organization_id, kind FROM address WHERE address = ?",
      [canonical],
    );
    expect(rows).toEqual([{ address: canonical, organization_id: acme.orgId, kind: wonByCreate ? "PRIMARY" : "ALIAS" }]);
    expect(await app.count("SELECT COUNT(*) AS n FROM address")).toBe(addressesBefore + 1);
    // Losing createAccount calls leave no account without its primary address behind.
    expect(await app.count("SELECT COUNT(*) AS n FROM account")).toBe(accountsBefore + (wonByCreate ? 1 : 0));
    expect(
      await app.count("SELECT COUNT(*) AS n FROM account a WHERE NOT EXISTS (SELECT 1 FROM address d WHERE d.account_id = a.id AND d.kind = 'PRIMARY')"),
    ).toBe(0);
    expect(await app.count("SELECT COUNT(*) AS n FROM account WHERE organization_id = ?", [globex.orgId])).toBe(2);
    // One change, one audit event.
    expect(await app.count("SELECT COUNT(*) AS n FROM audit_event")).toBe(auditBefore + 1);

    const resolved = await app.request(ResolveDocument, { address: forms[5] });
    expect(resolved.resolveAddress?.address).toBe(canonical);
    expect(resolved.resolveAddress?.unicodeAddress).toBe(`${local}@${domain}`);
  });

  it("20 concurrent addAlias calls against a limit of 5: exactly 5 succeed, 15 are ALIAS_LIMIT_REACHED", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const accountId = await app.createAccount(acme.orgId, { primaryAddress: "busy@acme.test" });
    const policy = await app.request(UpdateOrganizationPolicyDocument, { id: acme.orgId, input: { maxAliasesPerAccount: 5 } }, acme.adminToken);
    expect(policy.updateOrganizationPolicy.policy.maxAliasesPerAccount).toBe(5);

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.gql(AddAliasDocument, { input: { accountId, address: `alias${i}@acme.test` } }, i % 2 ? acme.adminToken : app.operatorToken),
      ),
    );

    expect(responses.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
    const codes = codesOf(responses);
    expect(codes.filter((c) => c === "OK")).toHaveLength(5);
    expect(codes.filter((c) => c !== "OK")).toEqual(Array(15).fill("ALIAS_LIMIT_REACHED"));
    for (const r of responses.filter((x) => x.errors)) expect(r.errors).toHaveLength(1);

    const won = responses
      .filter((r) => !r.errors)
      .map((r) => r.data?.addAlias.alias?.address)
      .sort();
    const stored: { address: string }[] = await app.db.manager.query("SELECT address FROM address WHERE account_id = ? AND kind = 'ALIAS' ORDER BY address", [
      accountId,
    ]);
    expect(stored.map((r) => r.address)).toEqual(won);
    expect(stored).toHaveLength(5);
    const account = await app.request(AccountDocument, { id: accountId }, acme.adminToken);
    expect(account.account.aliases!.map((a) => a.address).sort()).toEqual(won);
  });

  it("group members added while their accounts are disabled or get new primaries deliver as the accounts finally are", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const team = (await app.request(CreateGroupDocument, { input: { name: "Team", address: "team@acme.test" } }, acme.adminToken)).createGroup;
    const ids: string[] = [];
    const n = 24;
    for (let i = 0; i < n; i++) ids.push(await app.createAccount(acme.orgId, { primaryAddress: `p${i}@acme.test` }));

    // Each account is added on its own while, at the same moment, even ones are disabled and odd ones get a new primary.
    const responses = await Promise.all(
      ids.flatMap((id, i) => [
        app.gql(AddGroupMembersDocument, { groupId: team.id, members: [{ accountId: id }] }, acme.adminToken),
        i % 2 === 0
          ? app.gql(DisableAccountDocument, { id }, acme.adminToken)
          : app.gql(SetPrimaryAddressDocument, { accountId: id, address: `new${i}@acme.test` }, acme.adminToken),
      ]),
    );
    expect(codesOf(responses)).toEqual(Array(2 * n).fill("OK"));

    const expansion = (await app.request(GroupExpansionDocument, { id: team.id }, acme.adminToken)).group;
    expect([...expansion.recipients!].sort()).toEqual(ids.flatMap((_, i) => (i % 2 === 1 ? [`new${i}@acme.test`] : [])).sort());
    const skipped = expansion.expansion!.trace.filter((h) => h.kind === "SKIPPED_DISABLED").map((h) => h.to);
    expect(skipped.sort()).toEqual(ids.flatMap((_, i) => (i % 2 === 0 ? [`p${i}@acme.test`] : [])).sort());
  });
});
