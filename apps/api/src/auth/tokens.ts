import { hash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Hex SHA-256. One-shot `crypto.hash` (Node ≥ 20.12): every authenticated request hashes its token. */
export function sha256(value: string): string {
  return hash("sha256", value, "hex");
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function looksLikeToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}
