import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * Key secrets look like GitHub's tokens: a prefix leak scanners can match
 * (`prk_`), 256 random bits in base62 (43 characters), and a 6-character
 * base62 CRC32 of that body, so a mistyped or made-up secret is refused
 * without a database look-up.
 */
export const SECRET_PREFIX = "prk_";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_LENGTH = 43; // ceil(256 / log2(62))
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32
const SHAPE = new RegExp(`^${SECRET_PREFIX}[0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}}$`);

function base62(value: bigint, length: number): string {
  let out = "";
  for (let v = value; v > 0n; v /= 62n) out = ALPHABET[Number(v % 62n)] + out;
  return out.padStart(length, "0");
}

function checksum(body: string): string {
  return base62(BigInt(crc32(body)), CHECKSUM_LENGTH);
}

export function newKeySecret(): string {
  const body = base62(BigInt(`0x${randomBytes(32).toString("hex")}`), BODY_LENGTH);
  return `${SECRET_PREFIX}${body}${checksum(body)}`;
}

/** Any credential that claims to be a key (the prefix): it is a key's or nobody's. */
export function looksLikeKeySecret(token: string): boolean {
  return token.startsWith(SECRET_PREFIX);
}

/** Well-formed with a matching checksum. */
export function hasValidChecksum(token: string): boolean {
  if (!SHAPE.test(token)) return false;
  const body = token.slice(SECRET_PREFIX.length, SECRET_PREFIX.length + BODY_LENGTH);
  return token.slice(SECRET_PREFIX.length + BODY_LENGTH) === checksum(body);
}
