import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
} from "graphql";
import { AUDIT_VALUE_MAX, auditSummary } from "../src/audit/audit.service";
import { INPUT_LIMITS, type InputKind, type InputLimit, describeInputLimits, inputKindOf } from "../src/common/input-limits";
import { buildPostroomSchema } from "../src/schema";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";

const ID = "00000000-0000-4000-8000-000000000000";

/** A value of `type` that passes coercion: required input fields only. */
function sample(type: GraphQLInputType): unknown {
  const inner = getNullableType(type);
  if (isListType(inner)) return [sample(inner.ofType)];
  if (isEnumType(inner)) return inner.getValues()[0].value;
  if (isScalarType(inner))
    return ({ ID, String: "a", Int: 1, Boolean: false, Float: 1, DateTimeISO: "2030-01-01T00:00:00.000Z" } as Record<string, unknown>)[inner.name] ?? "a";
  if (isInputObjectType(inner)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(inner.getFields())) if (isNonNullType(field.type)) out[field.name] = sample(field.type);
    return out;
  }
  return null;
}

interface Probe {
  path: string;
  kind: InputKind;
  query: string;
  variables: (bad: string) => Record<string, unknown>;
}

/** One request per String/ID argument or input field of every root field, with `bad` in that one place. */
function probes(root: GraphQLObjectType, operation: "query" | "mutation"): Probe[] {
  const out: Probe[] = [];
  for (const field of Object.values(root.getFields()) as GraphQLField<unknown, unknown>[]) {
    const selection = isLeafType(getNamedType(field.type)) ? "" : " { __typename }";
    const query = `${operation}(${field.args.map((a) => `$${a.name}: ${a.type}`).join(", ")}) { ${field.name}(${field.args.map((a) => `${a.name}: $${a.name}`).join(", ")})${selection} }`;
    const base = () => Object.fromEntries(field.args.map((a) => [a.name, sample(a.type)]));
    for (const arg of field.args) {
      // `put` places the bad value at one path inside otherwise valid variables.
      const visit = (type: GraphQLInputType, owner: string, name: string, label: string, put: (bad: unknown) => unknown) => {
        const inner = getNullableType(type);
        const item = isListType(inner) ? getNullableType(inner.ofType) : inner;
        const here = (bad: unknown) => put(isListType(inner) ? [bad] : bad);
        if (isScalarType(item) && (item.name === "String" || item.name === "ID")) {
          out.push({ path: label, kind: inputKindOf(owner, name, item.name), query, variables: (bad) => ({ ...base(), [arg.name]: here(bad) }) });
        } else if (isInputObjectType(item)) {
          for (const f of Object.values(item.getFields())) {
            visit(f.type, item.name, f.name, `${label}.${f.name}`, (bad) => here({ ...(sample(item) as Record<string, unknown>), [f.name]: bad }));
          }
        }
      };
      visit(arg.type, root.name, arg.name, `${root.name}.${field.name}(${arg.name})`, (bad) => bad);
    }
  }
  return out;
}

describe("input limits cover the whole schema", () => {
  it("gives every String and ID argument and input field a limit, a new one the text default", async () => {
    const rows = describeInputLimits(await buildPostroomSchema());
    expect(rows.length).toBeGreaterThan(50);
    const byPath = Object.fromEntries(rows.map((r) => [r.path, r.kind]));
    expect(byPath).toMatchObject({
      "CreateGroupInput.description": "description",
      "UpdateGroupInput.description": "description",
      "CreateGroupInput.name": "name",
      "CreateAccountInput.displayName": "name",
      "CreateAccountInput.password": "password",
      "CreateAccountInput.primaryAddress": "address",
      "AddDomainInput.name": "domain",
      "ChangeDomainInput.from": "domain",
      "Query.accounts(search)": "search",
      "Query.groups(search)": "search",
      "Query.jobs(after)": "cursor",
      "DistributionGroup.members(after)": "cursor",
      "Mutation.confirmAlias(token)": "token",
      "Mutation.login(email)": "address",
      "Mutation.login(password)": "password",
      "Query.account(id)": "id",
    });
    // `text` is the default for a field nobody classified yet.
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(Object.keys(INPUT_LIMITS).filter((k) => k !== "text")));
    expect(inputKindOf("SomeNewInput", "note", "String")).toBe("text");
  });

  it("keeps audit summaries whole JSON under the TEXT size, cutting long values at a character boundary", () => {
    const long = "😀".repeat(40_000);
    const stored = auditSummary({
      before: { description: long },
      after: { description: `${long}x` },
      details: { list: Array.from({ length: 5000 }, (_, i) => i) },
    });
    expect(Buffer.byteLength(stored)).toBeLessThan(65_535);
    const parsed = JSON.parse(stored);
    expect([...parsed.before.description]).toHaveLength(AUDIT_VALUE_MAX + 1);
    expect(parsed.before.description.endsWith("😀…")).toBe(true);
    expect(parsed.list).toHaveLength(101);
    const huge = auditSummary({ details: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, "y".repeat(400)])) });
    expect(JSON.parse(huge)).toMatchObject({ truncated: true });
    expect(huge.length).toBeLessThan(12_000);
  });
});

describe.each(dialects())("input limits over HTTP (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it("refuses an over-long value in every String and ID argument of every root field with BAD_USER_INPUT", async () => {
    const schema = await buildPostroomSchema();
    const all = [...probes(schema.getQueryType() as GraphQLObjectType, "query"), ...probes(schema.getMutationType() as GraphQLObjectType, "mutation")];
    expect(all.length).toBeGreaterThan(50);
    for (const probe of all) {
      const limit: InputLimit = INPUT_LIMITS[probe.kind];
      const max = limit.max;
      if (limit.service) {
        // Tokens: every wrong value gets the service's one answer.
        const res = await app.gql(probe.query, probe.variables("t".repeat(max + 1)), null);
        expect({ path: probe.path, codes: res.errors?.map((e) => e.extensions?.code) }).toEqual({ path: probe.path, codes: ["INVALID_TOKEN"] });
        continue;
      }
      const res = await app.gql(probe.query, probe.variables("é".repeat(max + 1)), null);
      expect({
        path: probe.path,
        status: res.status,
        codes: res.errors?.map((e) => e.extensions?.code),
        maxLength: res.errors?.[0]?.extensions?.maxLength,
      }).toEqual({
        path: probe.path,
        status: 200,
        codes: ["BAD_USER_INPUT"],
        maxLength: max,
      });
      if (limit.controls === "none") {
        const control = await app.gql(probe.query, probe.variables("a\u0007b"), null);
        expect({ path: probe.path, codes: control.errors?.map((e) => e.extensions?.code) }).toEqual({ path: probe.path, codes: ["BAD_USER_INPUT"] });
      }
    }
    expect(await app.count("audit_event")).toBe(0);
  });

  it("answers the review's inputs with BAD_USER_INPUT, not 500, and accepts values at the limit", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const create = "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id description } }";
    const huge = await app.gql(create, { i: { name: "Team", address: "team@acme.test", description: "d".repeat(70_000) } }, acme.adminToken);
    expect([huge.status, huge.errors?.map((e) => e.extensions?.code)]).toEqual([200, ["BAD_USER_INPUT"]]);
    expect(huge.errors?.[0].extensions).toEqual({ code: "BAD_USER_INPUT", field: "description", path: "input.description", maxLength: 2000 });
    expect(huge.errors?.[0].message).toBe("description must be at most 2000 characters.");

    const atLimit = "é".repeat(2000);
    const made = await app.ok(create, { i: { name: "Team", address: "team@acme.test", description: atLimit } }, acme.adminToken);
    expect(made.createGroup.description).toBe(atLimit);
    const update = "mutation($id: ID!, $i: UpdateGroupInput!) { updateGroup(id: $id, input: $i) { description } }";
    const lines = "first line\r\n\tsecond line";
    expect((await app.ok(update, { id: made.createGroup.id, i: { description: lines } }, acme.adminToken)).updateGroup.description).toBe(lines);
    expect(await app.code(update, { id: made.createGroup.id, i: { description: "bell\u0007" } }, acme.adminToken)).toBe("BAD_USER_INPUT");
    expect(await app.code(update, { id: made.createGroup.id, i: { name: "Two\nlines" } }, acme.adminToken)).toBe("BAD_USER_INPUT");
    // The 2,000-character before/after values are clipped in the audit trail.
    const summaries = (await app.db.manager.query("SELECT summary FROM audit_event WHERE action = 'group.update'")) as { summary: string }[];
    expect(summaries).toHaveLength(1);
    expect([...JSON.parse(summaries[0].summary).before.description]).toHaveLength(AUDIT_VALUE_MAX + 1);

    const search = "query($s: String) { accounts(search: $s) { totalCount } }";
    expect(await app.code(search, { s: "a".repeat(50_000) }, acme.adminToken)).toBe("BAD_USER_INPUT");
    expect((await app.ok(search, { s: "a".repeat(200) }, acme.adminToken)).accounts.totalCount).toBe(0);
  });
});
