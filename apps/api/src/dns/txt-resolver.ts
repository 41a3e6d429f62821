import { Resolver } from "node:dns/promises";

/** Reads TXT records; the verifier depends on this, tests give it a loopback server. */
export interface TxtLookup {
  /** The TXT strings at `name`, each record's chunks joined; [] when there are none. */
  txt(name: string): Promise<string[]>;
}

const ABSENT = new Set(["ENOTFOUND", "ENODATA", "ENONAME", "NXDOMAIN"]);

export class LookupUnavailableError extends Error {}

/** node:dns with the servers from DNS_SERVERS ("host:port,…"), or the system's. */
export class DnsTxtLookup implements TxtLookup {
  private readonly resolver = new Resolver({ timeout: 3000, tries: 2 });

  constructor(servers: string[]) {
    if (servers.length > 0) this.resolver.setServers(servers);
  }

  async txt(name: string): Promise<string[]> {
    try {
      const records = await this.resolver.resolveTxt(name);
      return records.map((chunks) => chunks.join(""));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code && ABSENT.has(code)) return [];
      throw new LookupUnavailableError(code ?? "DNS lookup failed");
    }
  }
}
