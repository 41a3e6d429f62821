import { startTxtDnsServer } from "../../../api/scripts/txt-dns-server.cjs";

/**
 * A DNS server on loopback answering TXT queries from a table the test fills;
 * every other name is NXDOMAIN. Domain verification reads the TXT record
 * through it (DNS_SERVERS), so a domain can be verified for real. The same
 * dns2 server as the API tests and `npm run dev-dns`.
 */
export class LoopbackDnsServer {
  records = new Map();
  running = null;

  async start() {
    this.running = await startTxtDnsServer({ lookup: (name) => this.records.get(name) ?? null });
    return this.running.server;
  }

  setTxt(name, values) {
    this.records.set(name.toLowerCase(), values);
  }

  async stop() {
    await this.running?.close();
  }
}
