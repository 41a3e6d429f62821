import { AccountService } from "./accounts/account.service";
import { OffboardingService } from "./accounts/offboarding.service";
import { AddressService } from "./addresses/address.service";
import { AliasClaimService } from "./addresses/alias-claim.service";
import { ResolutionService } from "./addresses/resolution.service";
import { PROVISION_JOB, SecondaryAddressService } from "./addresses/secondary-address.service";
import { ApiKeyService } from "./api-keys/api-key.service";
import { AuditService } from "./audit/audit.service";
import { AuthService } from "./auth/auth.service";
import { type CostLimits, CostBudgetService } from "./cost/cost-budget.service";
import type { Database } from "./db/database";
import type { TxtLookup } from "./dns/txt-resolver";
import { DomainChangeService } from "./domains/domain-change.service";
import { DomainService } from "./domains/domain.service";
import { ExpansionService } from "./groups/expansion.service";
import { GroupService } from "./groups/group.service";
import { SenderService } from "./groups/sender.service";
import { JobService } from "./jobs/job.service";
import { BuiltInMailProvider, type MailProvider } from "./jobs/mail-provider";
import type { Mailer } from "./mail/mailer";
import { OutboxService } from "./mail/outbox.service";
import { DirectoryStatsService } from "./organizations/directory-stats.service";
import { OrganizationService } from "./organizations/organization.service";
import { EventService } from "./events/event.service";
import { WEBHOOK_JOB } from "./webhooks/webhook-schedule";
import { webhookDeliveryHandler } from "./webhooks/webhook-delivery.handler";
import type { WebhookUrlRules } from "./webhooks/webhook-url";
import { WebhookService } from "./webhooks/webhook.service";
import { MailMapService } from "./socketmap/mail-maps.service";

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
  /** Where secondary addresses are provisioned (default: the built-in provider). */
  provider?: MailProvider;
  /** How long provisioning takes before the job is due (PROVISIONING_DELAY). */
  provisioningDelayMs?: number;
  /** Each principal's leaky bucket (COST_BUCKET_SIZE, COST_RESTORE_RATE); null or absent: budgets off (COST_BUDGET=off). */
  costBudget?: CostLimits | null;
  /** Endpoint URL rules (WEBHOOK_ALLOWED_HOSTS; https only in production). Default: https only, no exemptions. */
  webhooks?: WebhookUrlRules;
}

/** Every rule of the product, with no knowledge of GraphQL: the API, the CLI and the lookup service share these. */
export function createServices(deps: ServiceDeps) {
  const auth = new AuthService(deps.db, deps.sessionTtlMs, deps.sessionCacheTtlMs);
  const aliasClaims = new AliasClaimService(deps.db, deps.mailer, {
    publicUrl: deps.publicUrl,
    ttlMs: deps.aliasConfirmationTtlMs ?? 24 * 3_600_000,
    now: deps.now,
  });
  const jobs = new JobService(deps.db);
  const expansion = new ExpansionService(deps.db);
  const resolution = new ResolutionService(deps.db, expansion, new SenderService(deps.db, expansion));
  const webhookRules = deps.webhooks ?? { allowedHosts: [], requireHttps: true };
  const secondaryAddresses = new SecondaryAddressService(deps.db, jobs, deps.provider ?? new BuiltInMailProvider(deps.db), deps.provisioningDelayMs ?? 0);
  return {
    auth,
    apiKeys: new ApiKeyService(deps.db, deps.now, deps.sessionCacheTtlMs),
    jobs,
    secondaryAddresses,
    offboarding: new OffboardingService(deps.db, auth, jobs),
    domainChange: new DomainChangeService(deps.db),
    organizations: new OrganizationService(deps.db),
    domains: new DomainService(deps.db, deps.dns, deps.mailer),
    accounts: new AccountService(deps.db, auth),
    addresses: new AddressService(deps.db, aliasClaims, jobs),
    aliasClaims,
    resolution,
    mailMaps: new MailMapService(deps.db, resolution, expansion),
    groups: new GroupService(deps.db),
    expansion,
    audit: new AuditService(deps.db),
    outbox: new OutboxService(deps.db),
    costBudget: new CostBudgetService(deps.db, deps.costBudget ?? null, deps.now),
    events: new EventService(deps.db, deps.now),
    webhooks: new WebhookService(deps.db, webhookRules),
    webhookDelivery: webhookDeliveryHandler(deps.db, webhookRules),
    directoryStats: new DirectoryStatsService(deps.db, deps.now),
  };
}

export type Services = ReturnType<typeof createServices>;

/** The job handlers this product runs, by kind. */
export function jobHandlers(services: Services) {
  return { [PROVISION_JOB]: services.secondaryAddresses.provisionHandler(), [WEBHOOK_JOB]: services.webhookDelivery };
}
