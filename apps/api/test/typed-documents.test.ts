import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";

/**
 * The committed test/generated/graphql.ts is what codegen makes of
 * test/documents and the emitted schema (`npm run codegen:test` rewrites it).
 */
describe("typed test documents", () => {
  it("are generated from the current schema and documents", () => {
    const run = spawnSync(process.execPath, [join(dirname(require.resolve("@graphql-codegen/cli")), "bin.js"), "--config", "test/codegen.ts", "--check"], {
      cwd: resolve(__dirname, ".."),
      encoding: "utf8",
    });
    expect({ status: run.status, output: run.status === 0 ? "" : `${run.stdout}${run.stderr}` }).toEqual({ status: 0, output: "" });
  });
});
