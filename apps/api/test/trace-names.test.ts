import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const RESOLVE = "query($a: String!) { resolveAddress(address: $a) { trace { kind from to detail } } }";

describe.each(dialects())("resolution traces on %s", (dialect) => {
  const app = useTestApp(dialect);

  it("name accounts by name or address in every hop, never by id", async () => {
    const { orgId, domain } = await app.orgWithAdmin("Acme", "acme.test");
    const ann = await app.createAccount(orgId, { displayName: "Ann Example", primaryAddress: `ann@${domain}` });
    await app.ok("mutation($i: AddAliasInput!) { addAlias(input: $i) { alias { id } } }", { i: { accountId: ann, address: `sales@${domain}` } });
    const { trace } = (await app.ok(RESOLVE, { a: `Sales+q3@${domain}` })).resolveAddress;
    expect(trace).toEqual([
      { kind: "SUBADDRESS", from: `sales+q3@${domain}`, to: `sales@${domain}`, detail: "sub-address delivered to its base address" },
      { kind: "ADDRESS", from: `sales@${domain}`, to: "Ann Example", detail: "alias address of Ann Example" },
      { kind: "MAILBOX", from: "Ann Example", to: `ann@${domain}`, detail: expect.any(String) },
    ]);
    expect(JSON.stringify(trace)).not.toMatch(UUID);
  });
});
