/**
 * Session expiry is noticed by the Apollo link (any UNAUTHENTICATED answer)
 * but handled by the router (go to sign-in and come back). This module is the
 * seam between the two, so neither imports the other.
 */
type Handler = () => void;

let handler: Handler | null = null;

export function onSessionExpired(next: Handler): void {
  handler = next;
}

export function sessionExpired(): void {
  handler?.();
}

/** A `next` target is only ever a path on this site, never another origin. */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/sign-in")) return "/";
  return next;
}
