import net from "node:net";
import BetterSqlite3 from "better-sqlite3";
import { createPool } from "mysql2";
import { NetstringDecoder, encodeNetstring } from "../src/socketmap/netstring";

/**
 * The bench's reference socketmap server, run as its own process: a plain
 * `net` server, netstring parsing, and one prepared point SELECT on the
 * address table per request, on the same database. Nothing else: no
 * canonicalization, no resolution rules, no limits. Usage:
 * `node dist/bench/socketmap-reference.js <database-url> <port>`.
 */
const SELECT = "SELECT address FROM address WHERE address = ?";

function lookupFor(url: string): (key: string) => Promise<string | null> {
  if (url.startsWith("sqlite:")) {
    const db = new BetterSqlite3(url.replace(/^sqlite:(\/\/)?/, ""), { readonly: true, fileMustExist: true });
    const statement = db.prepare(SELECT).pluck();
    return async (key) => (statement.get(key) as string | undefined) ?? null;
  }
  const pool = createPool({ uri: url.replace(/^mariadb:/, "mysql:"), connectionLimit: 20 });
  return (key) =>
    new Promise((resolve, reject) => {
      pool.execute(SELECT, [key], (error, rows) => {
        if (error) reject(error);
        else resolve((rows as { address: string }[])[0]?.address ?? null);
      });
    });
}

const [url, port] = process.argv.slice(2);
const lookup = lookupFor(url);
const server = net.createServer((socket) => {
  const decoder = new NetstringDecoder(10_100);
  let chain = Promise.resolve();
  socket.on("data", (chunk: Buffer) => {
    for (const item of decoder.push(chunk)) {
      if (!("payload" in item)) continue;
      const request = item.payload.toString("utf8");
      const key = request.slice(request.indexOf(" ") + 1);
      const answer = lookup(key);
      chain = chain.then(async () => {
        const found = await answer.catch(() => undefined);
        socket.write(encodeNetstring(found === undefined ? "TEMP error" : found === null ? "NOTFOUND " : `OK ${found}`));
      });
    }
  });
  socket.on("error", () => socket.destroy());
});
server.listen(Number(port), "127.0.0.1", () => console.log("reference socketmap listening"));
