import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { NetstringDecoder, encodeNetstring } from "../src/socketmap/netstring";

export interface SocketmapRow {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ratio: number | null;
  note: string;
}

const CONNECTIONS = 50;
// Requests each connection keeps in flight: Postfix pipelines nothing itself,
// but many Postfix processes share one server; depth stands in for them.
const DEPTH = 8;

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** 50 connections, each keeping DEPTH requests in flight, for `seconds`; fails on any TEMP/PERM/TIMEOUT reply. */
export async function loadSocketmap(port: number, map: string, pick: () => string, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  let failure: string | null = null;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from(
      { length: CONNECTIONS },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = net.connect(port, "127.0.0.1");
          const decoder = new NetstringDecoder(200_000);
          const sent: bigint[] = [];
          const send = () => {
            sent.push(process.hrtime.bigint());
            socket.write(encodeNetstring(`${map} ${pick()}`));
          };
          socket.setNoDelay(true);
          socket.once("connect", () => {
            for (let i = 0; i < DEPTH; i++) send();
          });
          socket.on("data", (chunk: Buffer) => {
            for (const item of decoder.push(chunk)) {
              const at = sent.shift() as bigint;
              latencies.push(Number(process.hrtime.bigint() - at) / 1e6);
              const reply = "payload" in item ? item.payload.toString("latin1", 0, 8) : "";
              if (!reply.startsWith("OK") && !reply.startsWith("NOTFOUND")) failure ??= `${map}: ${reply}`;
              if (Date.now() < deadline && failure === null) send();
              else if (sent.length === 0) socket.end();
            }
          });
          socket.on("close", () => resolve());
          socket.on("error", reject);
        }),
    ),
  );
  if (failure) throw new Error(`socketmap load saw a failed lookup: ${failure}`);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const sorted = Float64Array.from(latencies).sort();
  return { rps: latencies.length / elapsed, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function startReference(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.resolve(__dirname, "socketmap-reference.js"), databaseUrl, String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`reference socketmap exited with ${code}`)));
  });
  return child;
}

/**
 * Socketmap lookups per second for each map on the real server's socketmap,
 * each measured right after the reference server (a point SELECT per request,
 * its own process, same database), so each ratio compares one moment's machine.
 */
export async function benchSocketmap(
  databaseUrl: string,
  socketmapPort: number,
  addresses: string[],
  domain: string,
  seconds: number,
): Promise<SocketmapRow[]> {
  const referencePort = socketmapPort + 1;
  const reference = await startReference(databaseUrl, referencePort);
  const randomAddress = () => addresses[Math.floor(Math.random() * addresses.length)];
  const keys: Record<string, () => string> = {
    virtual_alias_maps: randomAddress,
    virtual_mailbox_maps: randomAddress,
    smtpd_sender_login_maps: randomAddress,
    virtual_mailbox_domains: () => (Math.random() < 0.5 ? domain : `miss${Math.floor(Math.random() * 1000)}.example`),
  };
  const rows: SocketmapRow[] = [];
  try {
    await loadSocketmap(referencePort, "reference", randomAddress, Math.min(2, seconds));
    await loadSocketmap(socketmapPort, "virtual_alias_maps", randomAddress, Math.min(2, seconds));
    for (const [map, pick] of Object.entries(keys)) {
      const base = await loadSocketmap(referencePort, "reference", randomAddress, seconds);
      const measured = await loadSocketmap(socketmapPort, map, pick, seconds);
      rows.push({ name: `socketmap reference: point SELECT (baseline for ${map})`, rps: base.rps, p50: base.p50, p99: base.p99, ratio: null, note: "" });
      rows.push({
        name: `socketmap ${map}`,
        rps: measured.rps,
        p50: measured.p50,
        p99: measured.p99,
        ratio: measured.rps / base.rps,
        note: `${CONNECTIONS} connections x ${DEPTH} pipelined; target >= 0.7`,
      });
    }
  } finally {
    reference.kill("SIGTERM");
  }
  return rows;
}
