import fs from "node:fs";
import path from "node:path";
import { type GraphQLNamedType, type GraphQLObjectType, TypeInfo, buildSchema, getNamedType, isObjectType, parse, visit, visitWithTypeInfo } from "graphql";
import { typeScopeOf } from "../src/auth/schema-authorization";
import { type KeyScope, NOT_FOR_KEYS, OPERATION_SCOPES, effectiveScopes } from "../src/auth/scopes";
import { type Expectation, FIELDS, OPERATIONS, PROBES, type Row, WRITES_ADDRESSES_OUTSIDE_SECOND_DOMAIN } from "./authz/matrix";
import { KEY_PRINCIPALS, type KeyPrincipal, PRINCIPALS, type World, buildWorld } from "./authz/world";
import { dialects } from "./support/databases";
import { type GqlResponse, OPERATOR_EMAIL, OPERATOR_PASSWORD, TestApp } from "./support/harness";

const schema = buildSchema(fs.readFileSync(path.join(__dirname, "../../../packages/schema/schema.graphql"), "utf8"));

/** Every object type reachable from Query and Mutation, and its fields. */
function reachableFields(): { operations: string[]; fields: string[] } {
  const operations: string[] = [];
  const fields: string[] = [];
  const seen = new Set<string>();
  const visitType = (type: GraphQLNamedType) => {
    if (!isObjectType(type) || seen.has(type.name)) return;
    seen.add(type.name);
    for (const field of Object.values(type.getFields())) {
      fields.push(`${type.name}.${field.name}`);
      visitType(getNamedType(field.type));
    }
  };
  for (const root of [schema.getQueryType(), schema.getMutationType()] as GraphQLObjectType[]) {
    for (const field of Object.values(root.getFields())) {
      operations.push(`${root.name}.${field.name}`);
      visitType(getNamedType(field.type));
    }
  }
  return { operations, fields };
}

/** "Type.field" pairs a document selects. */
function selected(doc: string): Set<string> {
  const pairs = new Set<string>();
  const info = new TypeInfo(schema);
  visit(
    parse(doc),
    visitWithTypeInfo(info, {
      Field(node) {
        const parent = info.getParentType();
        if (parent) pairs.add(`${parent.name}.${node.name.value}`);
      },
    }),
  );
  return pairs;
}

/**
 * The scopes a key needs for a document: its root field's (null: no key may
 * call it) and the read scope of every object type a nested field returns.
 */
function scopesFor(doc: string): KeyScope[] | null {
  const needed = new Set<KeyScope>();
  let forbidden = false;
  const info = new TypeInfo(schema);
  visit(
    parse(doc),
    visitWithTypeInfo(info, {
      Field(node) {
        const parent = info.getParentType();
        if (!parent) return;
        if (parent.name === "Query" || parent.name === "Mutation") {
          const entry = OPERATION_SCOPES[`${parent.name}.${node.name.value}`];
          if (entry === NOT_FOR_KEYS) forbidden = true;
          else for (const s of entry) needed.add(s);
          return;
        }
        const type = info.getType();
        const named = type ? getNamedType(type) : null;
        const scope = named && isObjectType(named) ? typeScopeOf(named.name) : null;
        if (scope) needed.add(scope);
      },
    }),
  );
  return forbidden ? null : [...needed];
}

/**
 * A key's expectation, computed: what Acme's admin gets when the key holds
 * every scope the document needs (services treat a key as an admin of its
 * organization), else FORBIDDEN; the domain-restricted key is also refused
 * any write of an address outside its domain.
 */
function keyExpectation(key: KeyPrincipal, doc: string, admin: Expectation, operation?: string): Expectation {
  const needed = scopesFor(doc);
  const held = effectiveScopes(key.scopes);
  if (needed === null || needed.some((s) => !held.includes(s))) return "FORBIDDEN";
  if (key.domains && operation && WRITES_ADDRESSES_OUTSIDE_SECOND_DOMAIN.has(operation)) return "FORBIDDEN";
  return admin;
}

describe("the authorization matrix covers the schema", () => {
  const { operations, fields } = reachableFields();

  it("has a row for every query and mutation, and none for anything else", () => {
    expect(operations.filter((o) => !OPERATIONS[o])).toEqual([]);
    expect(Object.keys(OPERATIONS).filter((o) => !operations.includes(o))).toEqual([]);
  });

  it("has a row for every field of every object type they reach, and none for anything else", () => {
    const rootless = fields.filter((f) => !f.startsWith("Query.") && !f.startsWith("Mutation."));
    expect(rootless.filter((f) => !FIELDS[f])).toEqual([]);
    expect(Object.keys(FIELDS).filter((f) => !rootless.includes(f))).toEqual([]);
  });

  it("checks inherited payload fields through an operation that selects them", () => {
    for (const [field, entry] of Object.entries(FIELDS)) {
      if ("inherit" in entry) expect([field, selected(OPERATIONS[entry.inherit].doc).has(field)]).toEqual([field, true]);
    }
  });
});

/** The field's selection: objects get `__typename`. */
function selection(field: string): string {
  const [typeName, name] = field.split(".");
  const type = schema.getType(typeName) as GraphQLObjectType;
  return isObjectType(getNamedType(type.getFields()[name].type)) ? `${name} { __typename }` : name;
}

/** The objects at `path` in `data`, through lists; nulls dropped. */
function at(data: unknown, path: string[]): Record<string, unknown>[] {
  let current: unknown[] = [data];
  for (const key of path) {
    current = current
      .flatMap((value) => (Array.isArray(value) ? value : [value]))
      .filter((value): value is Record<string, unknown> => value !== null && typeof value === "object")
      .map((value) => value[key]);
  }
  return current.flatMap((value) => (Array.isArray(value) ? value : [value])).filter((v): v is Record<string, unknown> => v !== null && typeof v === "object");
}

function outcome(response: GqlResponse, objects: Record<string, unknown>[] | null): Expectation | string {
  if (response.errors?.length) return response.errors[0].extensions?.code ?? "NO_CODE";
  if (response.status !== 200) return `HTTP ${response.status}`;
  if (objects && objects.length === 0) return "null";
  return "ok";
}

const SNAPSHOT_TABLES = [
  "api_key",
  "organization",
  "domain",
  "account",
  "address",
  "alias_claim",
  "distribution_group",
  "group_member",
  "group_owner",
  "job",
  "audit_event",
  "outbox_message",
];

describe.each(dialects())("authorization matrix on %s", (dialect) => {
  let app: TestApp;
  let world: World;
  let counter = 0;
  const setup = () => ({
    app,
    unique: (prefix: string) => `${prefix}${++counter}`.toLowerCase(),
    confirmationToken: async () => {
      const address = `confirm${++counter}@gmail.com`;
      await app.ok("mutation($i: RequestAliasInput!) { requestAlias(input: $i) { claim { id } } }", { i: { accountId: world.proId, address } });
      const rows: { text_body: string }[] = await app.db.manager.query("SELECT text_body FROM outbox_message WHERE recipient = ?", [address]);
      return /#t=([A-Za-z0-9_-]{43})/.exec(rows[0].text_body)?.[1] as string;
    },
  });

  /** pro may have 20 open alias requests: the keys' calls would exceed that; all but the world's own go. */
  async function keepClaimsFew(): Promise<void> {
    await app.db.transaction((m) => m.query("DELETE FROM alias_claim WHERE account_id = ? AND id <> ? AND used_at IS NULL", [world.proId, world.proClaimId]));
  }

  /** Every row of the tables a call could touch, in a stable order. */
  async function snapshot(): Promise<string> {
    const parts: string[] = [];
    for (const table of SNAPSHOT_TABLES) {
      const rows: Record<string, unknown>[] = await app.db.manager.query(`SELECT * FROM ${table}`);
      parts.push(table, ...rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort());
    }
    return parts.join("\n");
  }

  beforeAll(async () => {
    app = await TestApp.start(dialect);
    world = await buildWorld(app, { email: OPERATOR_EMAIL, password: OPERATOR_PASSWORD });
  });
  afterAll(async () => {
    await app?.close();
  });
  afterEach(() => {
    expect(app.unexpectedErrors).toEqual([]);
  });

  it.each(Object.keys(OPERATIONS))("%s: allowed calls succeed, refused ones answer their code and change nothing", async (name) => {
    const entry = OPERATIONS[name];
    const got: Partial<Row> = {};
    for (const principal of PRINCIPALS) {
      const vars = entry.vars ? await entry.vars(world, setup()) : {};
      let token = world.tokens[principal];
      if (entry.freshSession && principal !== "anonymous") token = await app.login(world.passwords[principal].email, world.passwords[principal].password);
      const expected = entry.expect[principal];
      const before = expected === "ok" ? null : await snapshot();
      const response = await app.gql(entry.doc, vars, token);
      const answer = response.data ? (response.data as Record<string, unknown>)[name.split(".")[1]] : undefined;
      got[principal] = outcome(response, answer === null ? [] : null) as Expectation;
      if (before !== null) expect([principal, await snapshot()]).toEqual([principal, before]);
    }
    expect(got).toEqual(entry.expect);

    // Every key. Keys expected to succeed call one after another, each with
    // objects of its own; the refused ones together on one set of objects, and
    // they must write no audit event (every change writes one, in its transaction).
    const gotKeys: Record<string, Expectation | string> = {};
    const wantKeys = Object.fromEntries(KEY_PRINCIPALS.map((key) => [key.name, keyExpectation(key, entry.doc, entry.expect.admin, name)]));
    const call = async (key: KeyPrincipal, vars: Record<string, unknown>) => {
      const response = await app.gql(entry.doc, vars, world.keys[key.name]);
      const answer = response.data ? (response.data as Record<string, unknown>)[name.split(".")[1]] : undefined;
      gotKeys[key.name] = outcome(response, answer === null ? [] : null);
      const requiredScope = response.errors?.[0].extensions?.requiredScope;
      if (requiredScope !== undefined) expect([key.name, effectiveScopes(key.scopes).includes(requiredScope as KeyScope)]).toEqual([key.name, false]);
    };
    for (const key of KEY_PRINCIPALS.filter((k) => wantKeys[k.name] === "ok")) {
      await keepClaimsFew();
      await call(key, entry.vars ? await entry.vars(world, setup()) : {});
    }
    await keepClaimsFew();
    const vars = entry.vars ? await entry.vars(world, setup()) : {};
    const before = await app.count("audit_event");
    await Promise.all(KEY_PRINCIPALS.filter((k) => wantKeys[k.name] !== "ok").map((key) => call(key, vars)));
    expect(await app.count("audit_event")).toBe(before);
    expect(gotKeys).toEqual(wantKeys);
  });

  it.each(Object.keys(FIELDS).filter((f) => "probe" in FIELDS[f]))("%s: each principal reads it exactly as its row says", async (field) => {
    const entry = FIELDS[field] as { probe: keyof typeof PROBES; expect: Row };
    const probe = PROBES[entry.probe];
    const doc = probe.doc.replace("%F", selection(field));
    const got: Partial<Row> = {};
    for (const principal of PRINCIPALS) {
      const response = await app.gql(doc, probe.vars(world), world.tokens[principal]);
      const objects = at(response.data, probe.path);
      got[principal] = outcome(response, objects) as Expectation;
      if (got[principal] === "ok") expect([principal, objects.every((o) => field.split(".")[1] in o)]).toEqual([principal, true]);
    }
    expect(got).toEqual(entry.expect);

    const gotKeys: Record<string, Expectation | string> = {};
    const wantKeys: Record<string, Expectation> = {};
    await Promise.all(
      KEY_PRINCIPALS.filter((k) => k.readsFields).map(async (key) => {
        wantKeys[key.name] = keyExpectation(key, doc, entry.expect.admin);
        const response = await app.gql(doc, probe.vars(world), world.keys[key.name]);
        gotKeys[key.name] = outcome(response, at(response.data, probe.path));
      }),
    );
    expect(gotKeys).toEqual(wantKeys);
  });
});
