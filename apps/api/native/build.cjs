// Builds the optional WAL-index addon into dist/native/wal_index.node.
// Optional on purpose: without a C compiler (or on Windows) the build says why
// and succeeds anyway, and the route table checks freshness with
// `PRAGMA data_version` instead (same answers, a few µs more per look-up).
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
if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= newest && loads(target)) process.exit(0);

/** False for a build made for another Node version (another ABI), which must be rebuilt. */
function loads(file) {
  try {
    require(file);
    return true;
  } catch {
    return false;
  }
}

// npm sets npm_config_node_gyp for every script it runs; its PATH also holds a node-gyp shim.
const gyp = process.env.npm_config_node_gyp;
const command = gyp ? process.execPath : "node-gyp";
const args = [...(gyp ? [gyp] : []), "rebuild", "--release", "--directory", here];
// Two minutes at most: node-gyp may try to download Node's headers, and a network that drops packets must not hang the build.
const result = spawnSync(command, args, { encoding: "utf8", timeout: 120_000 });
if (result.error || result.status !== 0) {
  const lines = `${result.stdout ?? ""}\n${result.stderr ?? ""}`.split("\n").map((line) => line.trim());
  const cause = lines.find((line) => /error/i.test(line) && !/^gyp ERR! (configure error|stack\s+at|not ok)/.test(line)) ?? lines.filter(Boolean).pop();
  skip(result.error ? result.error.message : `node-gyp failed: ${cause}`);
}
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(path.join(here, "build", "Release", "wal_index.node"), target);
console.log("[wal-index] built dist/native/wal_index.node");
