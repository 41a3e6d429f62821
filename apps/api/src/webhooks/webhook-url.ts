import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { BadUserInputError } from "../errors";

export interface WebhookUrlRules {
  /** Host names or addresses exempt from the public-address rule (WEBHOOK_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  /** Production: https only. */
  requireHttps: boolean;
  lookup?: (host: string) => Promise<string[]>;
}

/** Loopback, private, link-local, shared, documentation, multicast and reserved ranges: never a webhook target. */
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 127],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, "ipv6");

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // IPv4-mapped IPv6 (::ffff:a.b.c.d): never needed for a webhook. Not a BlockList rule, which would match every IPv4 address.
  if (family === 6 && /^::ffff:/i.test(address)) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? "ipv4" : "ipv6");
}

const defaultLookup = async (host: string) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

const refuse = (message: string) => new BadUserInputError(message, { field: "url" });

/**
 * The rules an endpoint URL must meet, checked when it is saved and again
 * before every attempt (DNS may have changed): http or https (https only in
 * production), no credentials, and a host whose every address is public,
 * unless the host is listed in WEBHOOK_ALLOWED_HOSTS. Returns the normalized URL.
 */
export async function checkWebhookUrl(raw: string, rules: WebhookUrlRules): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw refuse("url must be an absolute https URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refuse("url must be an https URL.");
  if (rules.requireHttps && url.protocol !== "https:") throw refuse("url must use https.");
  if (url.username || url.password) throw refuse("url must not carry a user name or password.");
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (rules.allowedHosts.includes(host)) return url.toString();
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (rules.lookup ?? defaultLookup)(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) throw refuse(`url's host ${host} does not resolve.`);
  }
  const inner = addresses.find((a) => !isPublicAddress(a));
  if (inner) throw refuse(`url's host ${host} is not a public address (${inner}): loopback, private and link-local addresses are refused.`);
  return url.toString();
}
