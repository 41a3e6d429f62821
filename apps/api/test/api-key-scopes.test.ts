import { ACCOUNTS, createKey } from "./support/api-keys";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";

const ADD_ALIAS = "mutation($i: AddAliasInput!) { addAlias(input: $i) { alias { id address } } }";
const REMOVE_ADDRESS = "mutation($id: ID!) { removeAddress(id: $id) { id } }";
const SET_PRIMARY = "mutation($id: ID!, $a: String!) { setPrimaryAddress(accountId: $id, address: $a) { id } }";

describe.each(dialects())("API key scopes on %s", (dialect) => {
  const app = useTestApp(dialect);

  async function world() {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const second = await app.verifiedDomain(acme.orgId, "acme-two.test");
    const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
    return { ...acme, second: second.name, bobId };
  }

  it("answers a missing scope with FORBIDDEN and the scope in extensions.requiredScope, at the root and nested", async () => {
    const { orgId } = await world();
    const key = await createKey(app, orgId, { scopes: ["resolve"] });
    const root = await app.gql(ACCOUNTS, { o: orgId }, key.secret);
    expect(root.errors?.[0].extensions).toEqual({ code: "FORBIDDEN", requiredScope: "accounts:read" });
    const nested = await app.gql("query($a: String!) { resolveAddress(address: $a) { deliverTo account { id } } }", { a: "bob@acme.test" }, key.secret);
    expect(nested.data.resolveAddress).toEqual({ deliverTo: ["bob@acme.test"], account: null });
    expect(nested.errors?.map((e) => [e.path, e.extensions])).toEqual([[["resolveAddress", "account"], { code: "FORBIDDEN", requiredScope: "accounts:read" }]]);
  });

  it("lets a write scope read its area too", async () => {
    const { orgId } = await world();
    const key = await createKey(app, orgId, { scopes: ["accounts:write"] });
    expect((await app.ok(ACCOUNTS, { o: orgId }, key.secret)).accounts.totalCount).toBe(2);
    expect(await app.code("query($o: ID) { groups(organizationId: $o) { totalCount } }", { o: orgId }, key.secret)).toBe("FORBIDDEN");
  });

  it("never lets a key manage keys, whatever its scopes", async () => {
    const { orgId } = await world();
    const key = await createKey(app, orgId, { scopes: ["accounts:write", "addresses:write", "groups:write", "domains:write", "audit:read"] });
    const input = { organizationId: orgId, name: "Child", scopes: ["resolve"], expiresAt: new Date(Date.now() + 86_400_000).toISOString() };
    expect(await app.code("mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }", { i: input }, key.secret)).toBe("FORBIDDEN");
    expect(await app.code("mutation($id: ID!) { rotateApiKey(id: $id) { secret } }", { id: key.id }, key.secret)).toBe("FORBIDDEN");
    expect(await app.code("query { apiKeys { totalCount } }", {}, key.secret)).toBe("FORBIDDEN");
    expect(await app.count("api_key")).toBe(1);
  });

  it("limits a domain-restricted key's address writes to its domains", async () => {
    const { orgId, bobId, second } = await world();
    const key = await createKey(app, orgId, { scopes: ["addresses:write"], domains: [second] });
    const inside = await app.ok(ADD_ALIAS, { i: { accountId: bobId, address: `bob.two@${second}` } }, key.secret);
    expect(inside.addAlias.alias.address).toBe(`bob.two@${second}`);
    const outside = await app.gql(ADD_ALIAS, { i: { accountId: bobId, address: "bob.one@acme.test" } }, key.secret);
    expect(outside.errors?.[0].extensions).toEqual({ code: "FORBIDDEN", domain: "acme.test" });
    expect(await app.code(ADD_ALIAS, { i: { accountId: bobId, address: "bob@gmail.com" } }, key.secret)).toBe("FORBIDDEN");
    expect(await app.code(SET_PRIMARY, { id: bobId, a: "robert@acme.test" }, key.secret)).toBe("FORBIDDEN");
    const firstDomainAlias = (await app.ok(ADD_ALIAS, { i: { accountId: bobId, address: "bobby@acme.test" } })).addAlias.alias.id;
    expect(await app.code(REMOVE_ADDRESS, { id: firstDomainAlias }, key.secret)).toBe("FORBIDDEN");
    expect(await app.count("SELECT COUNT(*) AS n FROM address WHERE account_id = ?", [bobId])).toBe(3);
    expect((await app.ok(REMOVE_ADDRESS, { id: inside.addAlias.alias.id }, key.secret)).removeAddress.id).toBe(inside.addAlias.alias.id);
  });

  it("works only from its allowed IP addresses", async () => {
    const { orgId } = await world();
    const elsewhere = await createKey(app, orgId, { scopes: ["accounts:read"], allowedIps: ["10.0.0.0/8", "2001:db8::/32"] });
    const here = await createKey(app, orgId, { scopes: ["accounts:read"], allowedIps: ["127.0.0.0/8"] });
    expect(await app.code(ACCOUNTS, { o: orgId }, elsewhere.secret)).toBe("UNAUTHENTICATED");
    expect((await app.ok(ACCOUNTS, { o: orgId }, here.secret)).accounts.totalCount).toBe(2);
  });

  it("keeps another organization's objects NOT_FOUND for a key, as for its admins", async () => {
    const { orgId } = await world();
    const beta = await app.orgWithAdmin("Beta", "beta.test");
    const key = await createKey(app, orgId, { scopes: ["accounts:read"] });
    expect(await app.code(ACCOUNTS, { o: beta.orgId }, key.secret)).toBe("NOT_FOUND");
    const betaAdmin = (await app.ok("query($o: ID) { accounts(organizationId: $o) { edges { node { id } } } }", { o: beta.orgId })).accounts.edges[0].node.id;
    expect(await app.code("query($id: ID!) { account(id: $id) { id } }", { id: betaAdmin }, key.secret)).toBe("NOT_FOUND");
  });
});
