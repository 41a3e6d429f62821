import type { GraphQLObjectType } from "graphql";
import { ERROR_CODES } from "../src/errors";
import { buildPostroomSchema } from "../src/schema";
import { dialects } from "./support/databases";
import { type GqlResponse, useTestApp } from "./support/harness";

// Text of several scripts, with and without "@", as a careless integrator sends it.
const TEXTS = [
  "ü",
  "jörg@bücher.example",
  "Jörg@BÜCHER.example",
  "日本語",
  "пример@почта.рф",
  "😀",
  "עברית",
  "ﻋﺮﺑﻲ",
  "e\u0301",
  "ß@straße.example",
  "%_!",
  "'\"",
];

function outcome(res: GqlResponse): string {
  if (res.status >= 500) return `HTTP ${res.status}`;
  return (res.errors ?? []).map((e) => e.extensions?.code ?? "NO_CODE").join(",") || "OK";
}

describe.each(dialects())("text of any script (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it("signs in with the Unicode form of an IDN primary address, in any case", async () => {
    const org = await app.createOrg("Bücher");
    await app.verifiedDomain(org, "bücher.example");
    await app.createAccount(org, { displayName: "Jörg", primaryAddress: "joerg@bücher.example", password: "jörg-password-1" });
    for (const email of ["joerg@bücher.example", " JOERG@BÜCHER.Example ", "joerg@xn--bcher-kva.example"]) {
      const res = await app.gql(
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { viewer { account { displayName primaryAddress { address unicodeAddress } } } } }",
        { e: email, p: "jörg-password-1" },
        null,
      );
      expect({ email, errors: res.errors, account: res.data?.login.viewer.account }).toEqual({
        email,
        errors: undefined,
        account: { displayName: "Jörg", primaryAddress: { address: "joerg@xn--bcher-kva.example", unicodeAddress: "joerg@bücher.example" } },
      });
    }
    // Wrong password, unknown Unicode names and non-addresses: one UNAUTHENTICATED answer.
    for (const [email, password] of [
      ["joerg@bücher.example", "wrong-password-1"],
      ["jörg@bücher.example", "jörg-password-1"],
      ["jürgen@bücher.example", "jörg-password-1"],
      ["日本語", "x"],
      ["ü@", "x"],
    ]) {
      expect(await app.code("mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }", { e: email, p: password }, null)).toBe(
        "UNAUTHENTICATED",
      );
    }
  });

  it("searches groups and accounts with text of any script", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    await app.verifiedDomain(acme.orgId, "bücher.example");
    await app.ok(
      "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }",
      { i: { organizationId: acme.orgId, name: "Übersetzer", address: "team@bücher.example" } },
      acme.adminToken,
    );
    await app.ok(
      "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }",
      { i: { organizationId: acme.orgId, name: "日本語チーム", address: "nihon@acme.test" } },
      acme.adminToken,
    );
    await app.createAccount(acme.orgId, { displayName: "Zoë Ünal", primaryAddress: "zoe@bücher.example" });
    const groups = async (s: string) =>
      (await app.ok("query($s: String) { groups(search: $s) { edges { node { name } } } }", { s }, acme.adminToken)).groups.edges.map(
        (e: { node: { name: string } }) => e.node.name,
      );
    const accounts = async (s: string) =>
      (await app.ok("query($s: String) { accounts(search: $s) { edges { node { displayName } } } }", { s }, acme.adminToken)).accounts.edges.map(
        (e: { node: { displayName: string } }) => e.node.displayName,
      );
    expect(await groups("ü")).toEqual(["Übersetzer"]);
    expect(await groups("team@bücher")).toEqual(["Übersetzer"]);
    expect(await groups("日本")).toEqual(["日本語チーム"]);
    expect(await groups("😀")).toEqual([]);
    expect(await accounts("ü")).toEqual(["Zoë Ünal"]);
    expect(await accounts("zoe@bücher")).toEqual(["Zoë Ünal"]);
    for (const text of TEXTS) {
      expect({ text, groups: outcome(await app.gql("query($s: String) { groups(search: $s) { totalCount } }", { s: text }, acme.adminToken)) }).toEqual({
        text,
        groups: "OK",
      });
      expect({ text, accounts: outcome(await app.gql("query($s: String) { accounts(search: $s) { totalCount } }", { s: text }, acme.adminToken)) }).toEqual({
        text,
        accounts: "OK",
      });
    }
  });

  it("answers every String argument of every root field, given text of any script, with data or a contract code", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const schema = await buildPostroomSchema();
    const contract = new Set<string>(["OK", ...ERROR_CODES]);
    const seen: string[] = [];
    for (const [operation, root] of [
      ["query", schema.getQueryType()],
      ["mutation", schema.getMutationType()],
    ] as const) {
      for (const field of Object.values((root as GraphQLObjectType).getFields())) {
        const stringArgs = field.args.filter((a) => String(a.type).replace("!", "") === "String");
        if (stringArgs.length === 0 || field.args.some((a) => String(a.type).endsWith("!") && !stringArgs.includes(a))) continue;
        const selection = String(field.type).replace(/[![\]]/g, "") === "Boolean" ? "" : " { __typename }";
        const query = `${operation}(${stringArgs.map((a) => `$${a.name}: ${a.type}`).join(", ")}) { ${field.name}(${stringArgs.map((a) => `${a.name}: $${a.name}`).join(", ")})${selection} }`;
        for (const text of TEXTS) {
          for (const token of [acme.adminToken, app.operatorToken]) {
            const res = await app.gql(query, Object.fromEntries(stringArgs.map((a) => [a.name, text])), token);
            const result = outcome(res);
            expect({ field: field.name, text, ok: result.split(",").every((c) => contract.has(c)), result }).toEqual({
              field: field.name,
              text,
              ok: true,
              result,
            });
          }
        }
        seen.push(field.name);
      }
    }
    expect(seen).toEqual(
      expect.arrayContaining(["accounts", "groups", "resolveAddress", "checkSender", "addressAvailability", "auditEvents", "login", "confirmAlias"]),
    );
  });
});
