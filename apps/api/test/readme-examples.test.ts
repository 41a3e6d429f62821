import fs from "node:fs";
import path from "node:path";
import { Kind, parse, print } from "graphql";
import { dialects } from "./support/databases";
import { OPERATOR_EMAIL, OPERATOR_PASSWORD, useTestApp } from "./support/harness";

/**
 * Every ```graphql block of the repository's README runs, in order, against a
 * fresh server, as a newcomer pastes them into the playground: placeholders
 * (`<org id>`) are replaced as the README's placeholder table says, the
 * session is the one the README's `login` example returns, and a ```json block
 * right after an example is the answer it must give ("…" is any non-empty string).
 */
const README = fs.readFileSync(path.resolve(__dirname, "../../../README.md"), "utf8");
const ANY = "…";

/** Values a newcomer reads from `npm start`'s banner rather than from an earlier example. */
const FROM_THE_BANNER: Record<string, string> = { "<operator email>": OPERATOR_EMAIL, "<operator password>": OPERATOR_PASSWORD };

interface Example {
  line: number;
  graphql: string;
  expected: string | null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The README's placeholder table: `<placeholder>` → the `rootField.path` of an earlier answer, or a banner value. */
function placeholderTable(): Map<string, string | null> {
  const table = new Map<string, string | null>();
  for (const row of README.matchAll(/^\|([^|\n]*`<[^>`]+>`[^|\n]*)\|([^|\n]*)\|\s*$/gm)) {
    const source = /`([A-Za-z]+(?:\.[A-Za-z]+)+)`/.exec(row[2])?.[1] ?? null;
    for (const name of row[1].matchAll(/`(<[^>`]+>)`/g)) table.set(name[1], source);
  }
  return table;
}

function examples(): Example[] {
  const out: Example[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  let previous: { end: number } | null = null;
  for (let m = fence.exec(README); m; m = fence.exec(README)) {
    const line = README.slice(0, m.index).split("\n").length;
    if (m[1] === "graphql") out.push({ line, graphql: m[2], expected: null });
    if (m[1] === "json" && previous && out.length > 0 && README.slice(previous.end, m.index).trim() === "" && out[out.length - 1].expected === null) {
      out[out.length - 1].expected = m[2];
    }
    previous = { end: m.index + m[0].length };
  }
  return out;
}

/** Differences between an answer and the README's JSON, as JSON paths; [] when they agree. */
function mismatches(actual: Json | undefined, expected: Json, at = "$"): string[] {
  if (expected === ANY) return typeof actual === "string" && actual !== "" ? [] : [`${at}: expected any non-empty string, got ${JSON.stringify(actual)}`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    return expected.flatMap((item, i) => mismatches(actual[i], item, `${at}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((key) => (key in expected ? mismatches(actual[key], expected[key], `${at}.${key}`) : [`${at}.${key}: not in the README`]));
  }
  return actual === expected ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** Paths of `resolveAddress` answers that are null: an example that silently routes nowhere. */
function nullResolutions(value: Json | undefined, at = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => nullResolutions(v, `${at}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, v]) => (key === "resolveAddress" && v === null ? [`${at}.${key}`] : nullResolutions(v, `${at}.${key}`)));
}

describe("the README's GraphQL examples", () => {
  it("has a placeholder table and a walkthrough from sign-in to resolveAddress", () => {
    expect([...placeholderTable().keys()]).toEqual(["<operator email>", "<operator password>", "<org id>", "<domain id>", "<account id>"]);
    const all = examples()
      .map((e) => e.graphql)
      .join("\n");
    for (const field of ["login", "createOrganization", "addDomain", "verifyDomain", "createAccount", "addAlias", "resolveAddress"])
      expect(all).toContain(`${field}(`);
  });
});

describe.each(dialects())("the README's GraphQL examples, run as written (%s)", (dialect) => {
  const app = useTestApp(dialect);

  it("all run in order without an error and answer what the README shows", async () => {
    const table = placeholderTable();
    const answers = new Map<string, Json>();
    const worker = app.worker();
    let token: string | null = null;

    const fill = (text: string, where: string): string =>
      text.replace(/<[a-z][a-z ]*>/g, (name) => {
        if (!table.has(name)) throw new Error(`${where}: ${name} is not in the README's placeholder table`);
        const source = table.get(name);
        if (!source) {
          if (!(name in FROM_THE_BANNER)) throw new Error(`${where}: ${name} has no value in this test`);
          return FROM_THE_BANNER[name];
        }
        const [root, ...rest] = source.split(".");
        let value: Json | undefined = answers.get(root);
        for (const key of rest) value = value && typeof value === "object" && !Array.isArray(value) ? value[key] : undefined;
        if (typeof value !== "string") throw new Error(`${where}: ${name} needs ${source}, which no earlier example answered`);
        return value;
      });

    const ran: string[] = [];
    for (const example of examples()) {
      const where = `README.md line ${example.line}`;
      const operations = parse(fill(example.graphql, where)).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      if (example.expected !== null) expect([where, operations.length]).toEqual([where, 1]);
      for (const operation of operations) {
        // `npm start` runs the job worker between a newcomer's requests.
        await worker.runDue();
        const res = await app.gql<{ [field: string]: Json }>(print(operation), {}, token);
        expect([where, res.status, res.errors ?? []]).toEqual([where, 200, []]);
        const data = res.data as { [field: string]: Json };
        expect([where, nullResolutions(data)]).toEqual([where, []]);
        for (const [field, value] of Object.entries(data)) {
          answers.set(field, value);
          ran.push(field);
        }
        const login = data.login as { token?: string } | undefined;
        if (login?.token) token = login.token;
        // What `npm run dev-dns` does for a pending domain, on the harness's resolver.
        const added = data.addDomain as { verificationRecord?: { name: string; value: string } } | undefined;
        if (added?.verificationRecord) app.dns.setTxt(added.verificationRecord.name, [added.verificationRecord.value]);
        if (example.expected !== null) {
          const expected = JSON.parse(fill(example.expected, where)) as Json;
          expect([where, mismatches({ data } as Json, expected)]).toEqual([where, []]);
        }
      }
    }
    expect(ran).toEqual([
      "login",
      "createOrganization",
      "addDomain",
      "verifyDomain",
      "createAccount",
      "addAlias",
      "resolveAddress",
      "addSecondaryAddress",
      "jobs",
      "accounts",
      "addAlias",
      "outbox",
      "createApiKey",
    ]);
  });
});
