import { createHmac, randomBytes } from "node:crypto";

/** A Standard Webhooks signing secret: `whsec_` and the base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/**
 * `webhook-signature` per Standard Webhooks 1.0: `v1,` and the base64
 * HMAC-SHA256 of `id.timestamp.body` keyed with the secret's decoded bytes.
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/**
 * The `webhook-signature` header: the current secret's signature, and while a
 * rotation's grace period lasts the previous secret's too, space-separated
 * (Standard Webhooks: a receiver accepts any one it can verify).
 */
export function signatureHeader(
  endpoint: { secret: string; previousSecret: string | null; previousSecretUntil: Date | null },
  id: string,
  timestamp: number,
  body: string,
  now = new Date(),
): string {
  const signatures = [signWebhook(endpoint.secret, id, timestamp, body)];
  if (endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now)
    signatures.push(signWebhook(endpoint.previousSecret, id, timestamp, body));
  return signatures.join(" ");
}
