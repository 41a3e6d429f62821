import { AccountService } from "./accounts/account.service";
import { AddressService } from "./addresses/address.service";
import { AliasClaimService } from "./addresses/alias-claim.service";
import { ResolutionService } from "./addresses/resolution.service";
import { AuditService } from "./audit/audit.service";
import { AuthService } from "./auth/auth.service";
import type { Database } from "./db/database";
import type { TxtLookup } from "./dns/txt-resolver";
import { DomainService } from "./domains/domain.service";
import type { Mailer } from "./mail/mailer";
import { OutboxService } from "./mail/outbox.service";
import { OrganizationService } from "./organizations/organization.service";

export interface ServiceDeps {
  db: Database;
  dns: TxtLookup;
  mailer: Mailer;
  /** Base of links in messages (PUBLIC_URL). */
  publicUrl: string;
  sessionTtlMs: number;
  /** How long a verified session is remembered in this process (default 2s; 0 turns it off). */
  sessionCacheTtlMs?: number;
  /** How long an alias confirmation link works (default 24h). */
  aliasConfirmationTtlMs?: number;
  /** Injectable clock for expiry rules. */
  now?: () => Date;
}

/** Every rule of the product, with no knowledge of GraphQL: the API, the CLI and the lookup service share these. */
export function createServices(deps: ServiceDeps) {
  const auth = new AuthService(deps.db, deps.sessionTtlMs, deps.sessionCacheTtlMs);
  const aliasClaims = new AliasClaimService(deps.db, deps.mailer, {
    publicUrl: deps.publicUrl,
    ttlMs: deps.aliasConfirmationTtlMs ?? 24 * 3_600_000,
    now: deps.now,
  });
  return {
    auth,
    organizations: new OrganizationService(deps.db),
    domains: new DomainService(deps.db, deps.dns),
    accounts: new AccountService(deps.db, auth),
    addresses: new AddressService(deps.db, aliasClaims),
    aliasClaims,
    resolution: new ResolutionService(deps.db),
    audit: new AuditService(deps.db),
    outbox: new OutboxService(deps.db),
  };
}

export type Services = ReturnType<typeof createServices>;
