import { BlockList, isIP } from "node:net";
import { BadUserInputError } from "../errors";

export interface IpRanges {
  contains(address: string): boolean;
}

/** An IPv4 address as IPv6 (`::ffff:192.0.2.1`, as express reports IPv4 clients on a dual-stack socket) is the IPv4 address. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

/** Addresses and CIDR ranges (`203.0.113.7`, `10.0.0.0/8`, `2001:db8::/32`); anything else is BAD_USER_INPUT. */
export function parseIpRanges(entries: readonly string[]): IpRanges {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split("/");
    const family = isIP(address);
    const bits = prefix === undefined ? null : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
    const max = family === 4 ? 32 : 128;
    if (!family || extra !== undefined || (bits !== null && !(bits >= 0 && bits <= max))) {
      throw new BadUserInputError(`${entry} is not an IP address or CIDR range.`, { field: "allowedIps" });
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === null) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return {
    contains(candidate: string): boolean {
      const address = plain(candidate);
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}
