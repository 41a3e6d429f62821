import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createKey } from "./support/api-keys";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";

/**
 * The README's TypeScript integration module, exactly as written: it must
 * type-check under strict settings against `@postroom/schema`, and its
 * exported functions must work against a real server with a real API key.
 */
const ROOT = path.resolve(__dirname, "../../..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

function integrationModule(): string {
  const section = README.slice(README.indexOf("## Integrating with Postroom"));
  const blocks = [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]).filter((code) => code.includes('from "@postroom/schema"'));
  expect(blocks).toHaveLength(1);
  return blocks[0];
}

interface Snippet {
  addAlias(accountId: string, address: string): Promise<{ alias: { address: string; status: string } | null; claim: unknown }>;
  PostroomError: new (...args: never[]) => Error & { code: string };
}

// Inside the repository, so `@postroom/schema` and `graphql` resolve as in a workspace that depends on them.
const dir = path.join(ROOT, "apps/api/scratch", `readme-typescript-${process.pid}`);
const file = path.join(dir, "postroom.ts");

beforeAll(() => {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, integrationModule());
  const tsconfig = {
    extends: path.join(ROOT, "tsconfig.base.json"),
    compilerOptions: { module: "commonjs", moduleResolution: "node", noEmit: true, types: ["node"] },
    files: ["postroom.ts"],
  };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("type-checks the README's TypeScript module under strict settings", () => {
  let output = "";
  try {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(dir, "tsconfig.json")], { encoding: "utf8" });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  expect(output).toBe("");
});

describe.each(dialects())("the README's TypeScript module against a server (%s)", (dialect) => {
  const app = useTestApp(dialect);
  const saved = { url: process.env.POSTROOM_URL, key: process.env.POSTROOM_API_KEY };

  afterEach(() => {
    for (const [name, value] of [
      ["POSTROOM_URL", saved.url],
      ["POSTROOM_API_KEY", saved.key],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("adds an alias with an API key and returns the typed answer; a refusal carries its contract code", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const ada = await app.createAccount(acme.orgId, { displayName: "Ada", primaryAddress: "ada@acme.test" });
    const key = await createKey(app, acme.orgId, { scopes: ["addresses:write"] });
    process.env.POSTROOM_URL = app.url;
    process.env.POSTROOM_API_KEY = key.secret;
    const snippet = require(file) as Snippet;

    const added = await snippet.addAlias(ada, "ada.lovelace@acme.test");
    expect([added.alias?.address, added.alias?.status, added.claim]).toEqual(["ada.lovelace@acme.test", "ACTIVE", null]);
    const resolved = await app.ok("query($a: String!) { resolveAddress(address: $a) { account { id } } }", { a: "ada.lovelace@acme.test" });
    expect(resolved.resolveAddress.account.id).toBe(ada);
    // The same call again is an idempotent replay, not a second alias.
    expect((await snippet.addAlias(ada, "ada.lovelace@acme.test")).alias?.address).toBe("ada.lovelace@acme.test");

    const refusal = await snippet.addAlias(ada, "admin@acme.test").catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(snippet.PostroomError);
    expect((refusal as { code: string }).code).toBe("ADDRESS_TAKEN");
  });
});
