import type { Request, Response } from "express";
import { createAccountLoaders } from "./accounts/account.loaders";
import { createAddressLoaders } from "./addresses/address.loaders";
import { looksLikeKeySecret } from "./api-keys/api-key-secret";
import { Access } from "./auth/access";
import type { Principal } from "./auth/principal";
import type { Database } from "./db/database";
import { createGroupLoaders } from "./groups/group.loaders";
import { createOrganizationLoaders } from "./organizations/organization.loaders";
import type { Services } from "./services";

export const SESSION_COOKIE = "postroom_session";

/** Per-request DataLoaders of every area, created fresh for each request so nothing is cached across requests. */
function createLoaders(db: Database, services: Services) {
  return {
    ...createAccountLoaders(db),
    ...createAddressLoaders(db, services.aliasClaims),
    ...createGroupLoaders(db),
    ...createOrganizationLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  services: Services;
  loaders: Loaders;
  /** Resolved on first use, so requests that need no identity cost no look-up. */
  principal: () => Promise<Principal | null>;
  /** The principal once `principal()` has resolved (undefined before): lets per-field checks skip an await. */
  knownPrincipal: () => Principal | null | undefined;
  /** From now on the request acts as this principal (after `login`, for reading its own payload). */
  actAs: (principal: Principal) => void;
  /** Per-request facts the read rules need (auth/read-policy.ts). */
  access: Access;
  res?: Response;
  secureCookies: boolean;
  /** The caller's address as express sees it (X-Forwarded-For only from a loopback proxy), for login throttling. */
  clientAddress: string | null;
}

function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? match[1] : null;
  }
  const cookie = req.headers.cookie;
  if (!cookie) return null;
  for (const part of cookie.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join("="));
  }
  return null;
}

/** A session token or an API key (`prk_…`); the same null for anything unknown. */
export function authenticate(services: Services, token: string | null, clientAddress: string | null): Promise<Principal | null> {
  if (!token) return Promise.resolve(null);
  return looksLikeKeySecret(token) ? services.apiKeys.authenticate(token, clientAddress) : services.auth.authenticate(token);
}

/** The request's credential and client address, as the context and the idempotency layer read them. */
export function credentialsOf(req: Request): { token: string | null; clientAddress: string | null } {
  return { token: bearerToken(req), clientAddress: req.ip ?? req.socket?.remoteAddress ?? null };
}

export function createContext(db: Database, services: Services, req: Request, res: Response, secureCookies: boolean): Context {
  const { token, clientAddress } = credentialsOf(req);
  // The idempotency layer may have resolved the caller already.
  let known: Principal | null | undefined;
  const remember = (p: Promise<Principal | null>) =>
    p.then((value) => {
      known = value;
      return value;
    });
  const resolvedEarlier = res.locals?.principal as Promise<Principal | null> | undefined;
  let principal: Promise<Principal | null> | null = resolvedEarlier ? remember(resolvedEarlier) : null;
  return {
    services,
    loaders: createLoaders(db, services),
    principal: () => (principal ??= remember(authenticate(services, token, clientAddress))),
    knownPrincipal: () => known,
    actAs: (p) => {
      known = p;
      principal = Promise.resolve(p);
    },
    access: new Access(db),
    res,
    secureCookies,
    clientAddress,
  };
}
