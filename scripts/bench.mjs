// `npm run bench`: the API's bench (apps/api/bench), then the console's
// (apps/admin/bench/console.mjs: first-page JavaScript and the accounts page
// against its query). Arguments go to the API bench; `--console-only` runs
// just the console's; the console's is skipped for API-only runs (--scale,
// --socketmap-only, --only mysql). Run after `npm run build`.
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const consoleOnly = args.includes("--console-only");
const only = args.indexOf("--only") >= 0 ? args[args.indexOf("--only") + 1] : null;
const apiOnly = args.includes("--scale") || args.includes("--socketmap-only") || only === "mysql";

function run(command, commandArgs, cwd = root) {
  const result = spawnSync(command, commandArgs, { cwd, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (consoleOnly) {
  run("npx", ["tsc", "-p", "apps/api/bench/tsconfig.json"]);
} else {
  run("npm", ["run", "bench", "--workspace", "@postroom/api", "--", ...args]);
}
if (consoleOnly || !apiOnly) {
  console.log("\n== console ==");
  run(process.execPath, ["apps/admin/bench/console.mjs"]);
}
