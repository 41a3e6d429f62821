import { type TxtDnsServer, startTxtDnsServer } from "../../scripts/txt-dns-server.cjs";

/**
 * A real DNS server on loopback (UDP, dns2) answering TXT queries from a table
 * the test controls; every other name is NXDOMAIN.
 */
export class LoopbackDnsServer {
  readonly records = new Map<string, string[]>();
  private running: TxtDnsServer | null = null;
  port = 0;

  async start(): Promise<void> {
    this.running = await startTxtDnsServer({ lookup: (name) => this.records.get(name) ?? null });
    this.port = this.running.port;
  }

  get server(): string {
    return `127.0.0.1:${this.port}`;
  }

  setTxt(name: string, values: string[]): void {
    this.records.set(name.toLowerCase(), values);
  }

  async stop(): Promise<void> {
    await this.running?.close();
  }
}
