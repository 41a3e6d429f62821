import type { GatewayExecutor, GatewayGraphQLRequestContext } from "@apollo/server-gateway-interface";
import {
  GraphQLBoolean,
  GraphQLError,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  execute,
  parse,
} from "graphql";
import { jitGateway } from "../src/jit-executor";
import { useTestApp } from "./support/harness";

const Item = new GraphQLObjectType({
  name: "Item",
  fields: {
    n: { type: new GraphQLNonNull(GraphQLInt) },
    label: {
      type: GraphQLString,
      resolve: (item: { n: number }) => (item.n === 2 ? Promise.reject(new GraphQLError("no label", { extensions: { code: "NOT_FOUND" } })) : `item ${item.n}`),
    },
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: "Query",
    fields: {
      items: {
        type: new GraphQLList(Item),
        args: { count: { type: new GraphQLNonNull(GraphQLInt) } },
        resolve: (_root, args: { count: number }) => Array.from({ length: args.count }, (_, i) => ({ n: i + 1 })),
      },
      greeting: { type: GraphQLString, resolve: (_root, _args, context: { name: string }) => `hello ${context.name}` },
    },
  }),
  mutation: new GraphQLObjectType({
    name: "Mutation",
    fields: {
      // Records every call, so a test sees which root fields ran.
      step: {
        type: new GraphQLNonNull(GraphQLInt),
        args: { name: { type: new GraphQLNonNull(GraphQLString) }, fail: { type: GraphQLBoolean } },
        resolve: async (_root, args: { name: string; fail?: boolean }, context: { ran: string[] }) => {
          await Promise.resolve();
          context.ran.push(args.name);
          if (args.fail) throw new GraphQLError(`${args.name} refused`, { extensions: { code: "BAD_USER_INPUT" } });
          return context.ran.length;
        },
      },
    },
  }),
});

async function executorFor() {
  const gateway = jitGateway(schema);
  const announced: GraphQLSchema[] = [];
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => announced.push(apiSchema));
  const { executor } = await gateway.load({ apollo: {} });
  expect(announced).toEqual([schema]);
  const run = (query: string, variables: Record<string, unknown>, context: object = { name: "ann" }) =>
    (executor as GatewayExecutor)({
      document: documentFor(query),
      operationName: null,
      request: { variables },
      context,
    } as unknown as GatewayGraphQLRequestContext);
  return { gateway, run };
}

// Apollo hands the executor the same document object for the same text; so does this.
const documents = new Map<string, ReturnType<typeof parse>>();
function documentFor(query: string) {
  let document = documents.get(query);
  if (!document) {
    document = parse(query);
    documents.set(query, document);
  }
  return document;
}

describe("graphql-jit executor", () => {
  it("runs a document on graphql-js first, compiled from the second run on, with the same result", async () => {
    const { gateway, run } = await executorFor();
    const query = "query($c: Int!) { greeting items(count: $c) { n label } }";
    const first = await run(query, { c: 3 });
    expect(gateway.compiledCount).toBe(0);
    const second = await run(query, { c: 3 });
    expect(gateway.compiledCount).toBe(1);
    await run(query, { c: 3 });
    expect(gateway.compiledCount).toBe(1);

    for (const result of [first, second]) {
      expect(result.data).toEqual({
        greeting: "hello ann",
        items: [
          { n: 1, label: "item 1" },
          { n: 2, label: null },
          { n: 3, label: "item 3" },
        ],
      });
      expect(result.errors).toHaveLength(1);
      const [error] = result.errors as GraphQLError[];
      expect(error).toBeInstanceOf(GraphQLError);
      expect([error.message, error.path, error.locations, error.extensions]).toEqual([
        "no label",
        ["items", 1, "label"],
        [{ line: 1, column: 49 }],
        { code: "NOT_FOUND" },
      ]);
      expect(error.originalError?.message).toBe("no label");
    }
    // Apollo's plugins rewrite messages; graphql-jit's own errors would refuse.
    const [compiledError] = second.errors as GraphQLError[];
    compiledError.message = "rewritten";
    expect(compiledError.message).toBe("rewritten");
  });

  it("reports variables that do not coerce exactly as graphql-js does, compiled or not", async () => {
    const { gateway, run } = await executorFor();
    const query = "query($c: Int!) { items(count: $c) { n } }";
    await run(query, { c: 1 });
    await run(query, { c: 1 });
    expect(gateway.compiledCount).toBe(1);
    const wrong = await run(query, { c: "many" });
    const missing = await run(query, {});
    expect(wrong).toEqual({
      errors: [expect.objectContaining({ message: 'Variable "$c" got invalid value "many"; Int cannot represent non-integer value: "many"' })],
    });
    expect(missing).toEqual({ errors: [expect.objectContaining({ message: 'Variable "$c" of required type "Int!" was not provided.' })] });
    expect((wrong.errors as GraphQLError[])[0].nodes?.[0].kind).toBe("VariableDefinition");
  });
});

describe("graphql-jit executor and mutations", () => {
  it("compiles queries from their second run and never a mutation, which runs serially and stops at a nulling error on every run", async () => {
    const { gateway, run } = await executorFor();
    const mutation = 'mutation { a: step(name: "a") b: step(name: "b", fail: true) c: step(name: "c") }';
    const reference = async () => {
      const context = { ran: [] as string[] };
      const result = await execute({ schema, document: documentFor(mutation), contextValue: context });
      return { ran: context.ran, data: result.data, errors: result.errors?.map((e) => [e.message, e.path, e.extensions]) };
    };
    const expected = await reference();
    expect(expected).toEqual({ ran: ["a", "b"], data: null, errors: [["b refused", ["b"], { code: "BAD_USER_INPUT" }]] });
    for (let i = 0; i < 4; i++) {
      const context = { ran: [] as string[], name: "ann" };
      const result = await run(mutation, {}, context);
      expect({ ran: context.ran, data: result.data, errors: result.errors?.map((e) => [e.message, e.path, e.extensions]) }).toEqual(expected);
    }
    expect(gateway.compiledCount).toBe(0);

    const serial = 'mutation { x: step(name: "x") y: step(name: "y") z: step(name: "z") }';
    for (let i = 0; i < 3; i++) {
      const context = { ran: [] as string[] };
      expect(await run(serial, {}, context)).toEqual({ data: { x: 1, y: 2, z: 3 } });
      expect(context.ran).toEqual(["x", "y", "z"]);
    }
    expect(gateway.compiledCount).toBe(0);

    // The same executor still compiles a query on its second run.
    await run("{ greeting }", {});
    await run("{ greeting }", {});
    expect(gateway.compiledCount).toBe(1);
  });
});

describe("graphql-jit behind the API (sqlite)", () => {
  const app = useTestApp("sqlite");

  it("answers each query the same, byte for byte, before and after it is compiled", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const bob = await app.createAccount(acme.orgId, { displayName: "Bob", primaryAddress: "bob@acme.test" });
    const cases: [string, Record<string, unknown>, string][] = [
      [
        "query($a: String!) { resolveAddress(address: $a) { address unicodeAddress kind status account { id displayName profile createdAt } deliverTo trace { kind from to detail } } }",
        { a: "Bob+x@ACME.test" },
        acme.adminToken,
      ],
      [
        "query($o: ID!) { accounts(organizationId: $o, first: 2) { totalCount edges { cursor node { displayName primaryAddress { address } addresses { address kind } } } pageInfo { hasNextPage endCursor } } }",
        { o: acme.orgId },
        acme.adminToken,
      ],
      ["query($id: ID!) { account(id: $id) { id displayName status } }", { id: "00000000-0000-4000-8000-000000000000" }, acme.adminToken],
      ["query($id: ID!) { account(id: $id) { displayName aliases { address } } }", { id: bob }, acme.adminToken],
      ["query($p: AccountProfile) { accounts(profile: $p) { totalCount } }", { p: "OWNER" }, acme.adminToken],
      ["{ viewer { role account { displayName } organization { name } } __typename }", {}, acme.adminToken],
    ];
    for (const [query, variables, token] of cases) {
      const first = await app.gql(query, variables, token);
      const second = await app.gql(query, variables, token);
      expect({ query, status: second.status, body: second.body }).toEqual({ query, status: first.status, body: first.body });
    }
    const [resolved, , missing, , badEnum] = await Promise.all(cases.map(([q, v, t]) => app.gql(q, v, t)));
    expect(resolved.data.resolveAddress).toMatchObject({
      address: "bob@acme.test",
      deliverTo: ["bob@acme.test"],
      account: { id: bob, displayName: "Bob", profile: "PROFESSIONAL" },
    });
    expect(missing.errors?.map((e) => e.extensions?.code)).toEqual(["NOT_FOUND"]);
    expect([badEnum.status, badEnum.errors?.map((e) => e.extensions?.code)]).toEqual([400, ["BAD_USER_INPUT"]]);
  });

  it("refuses an operation name the document does not define, before and after compiling, instead of running another operation", async () => {
    // GraphiQL sends the previous tab's operation name with an anonymous document.
    const send = () =>
      fetch(app.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${app.operatorToken}` },
        body: JSON.stringify({ query: "{ viewer { role } }", operationName: "ResolveAddress" }),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
      }));
    for (let run = 0; run < 2; run++) {
      const { status, body } = await send();
      expect([status, body.data ?? null, body.errors?.map((e) => [e.message, e.extensions?.code])]).toEqual([
        400,
        null,
        [['Unknown operation named "ResolveAddress".', "BAD_USER_INPUT"]],
      ]);
    }
    expect((await app.gql("{ viewer { role } }")).data).toEqual({ viewer: { role: "OPERATOR" } });
  });
});
