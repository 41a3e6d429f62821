// Builds the optional WAL-index addon into dist/native/wal_index.node.
// Optional on purpose: without a C compiler (or on Windows) the build says why
// and succeeds anyway, and the route table checks freshness with
// `PRAGMA data_version` instead (same answers, one more system call per look-up).
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const here = __dirname;
const target = path.join(here, "..", "dist", "native", "wal_index.node");
const sources = ["wal_index.c", "binding.gyp"].map((name) => path.join(here, name));

function skip(reason) {
  console.log(`[wal-index] not built (${reason}); routing freshness uses PRAGMA data_version`);
  process.exit(0);
}

if (process.platform === "win32") skip("POSIX only");
const newest = Math.max(...sources.map((file) => fs.statSync(file).mtimeMs));
if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= newest) process.exit(0);

// npm sets npm_config_node_gyp for every script it runs; its PATH also holds a node-gyp shim.
const gyp = process.env.npm_config_node_gyp;
const command = gyp ? process.execPath : "node-gyp";
const args = [...(gyp ? [gyp] : []), "rebuild", "--release", "--directory", here];
const result = spawnSync(command, args, { encoding: "utf8", shell: !gyp && process.platform === "win32" });
if (result.error || result.status !== 0) {
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-5).join("\n");
  skip(result.error ? result.error.message : `node-gyp exited with ${result.status}:\n${output}`);
}
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(path.join(here, "build", "Release", "wal_index.node"), target);
console.log("[wal-index] built dist/native/wal_index.node");
