import type { Request, Response } from "express";
import { createAccountLoaders } from "./accounts/account.loaders";
import { createAddressLoaders } from "./addresses/address.loaders";
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

export function createContext(db: Database, services: Services, req: Request, res: Response, secureCookies: boolean): Context {
  const token = bearerToken(req);
  let principal: Promise<Principal | null> | null = null;
  return {
    services,
    loaders: createLoaders(db, services),
    principal: () => (principal ??= token ? services.auth.authenticate(token) : Promise.resolve(null)),
    actAs: (p) => {
      principal = Promise.resolve(p);
    },
    access: new Access(db),
    res,
    secureCookies,
    clientAddress: req.ip ?? req.socket?.remoteAddress ?? null,
  };
}
