import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { AccountResolver } from "./accounts/account.resolver";
import { ApiKeyResolver } from "./api-keys/api-key.resolver";
import { AddressResolver } from "./addresses/address.resolver";
import { AliasResolver } from "./addresses/alias.resolver";
import { AuditResolver } from "./audit/audit.resolver";
import { AuthResolver } from "./auth/auth.resolver";
import { enforceReadRules } from "./auth/schema-authorization";
import { CostBudgetResolver } from "./cost/cost-budget.resolver";
import { EventResolver } from "./events/event.resolver";
import { WebhookResolver } from "./webhooks/webhook.resolver";
import { enforceScopes } from "./auth/scope-enforcement";
import { applyInputLimits } from "./common/input-limits";
import { DomainResolver } from "./domains/domain.resolver";
import { GroupMemberResolver, GroupResolver } from "./groups/group.resolver";
import { JobResolver } from "./jobs/job.resolver";
import { OutboxResolver } from "./mail/outbox.resolver";
import { DirectoryStatsResolver } from "./organizations/directory-stats.resolver";
import { OrganizationResolver } from "./organizations/organization.resolver";

export const RESOLVERS = [
  AuthResolver,
  OrganizationResolver,
  DomainResolver,
  AccountResolver,
  AddressResolver,
  AliasResolver,
  AuditResolver,
  OutboxResolver,
  JobResolver,
  GroupResolver,
  GroupMemberResolver,
  CostBudgetResolver,
  EventResolver,
  WebhookResolver,
  DirectoryStatsResolver,
  ApiKeyResolver,
] as const;

let built: Promise<GraphQLSchema> | null = null;

/**
 * The schema is the same for every server in the process; build it once, with
 * every text argument's length and character limit (common/input-limits.ts)
 * the read rules on every field (auth/schema-authorization.ts) and API keys' scopes
 * outside them (auth/scope-enforcement.ts).
 */
export function buildPostroomSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers: RESOLVERS, validate: false }).then(applyInputLimits).then(enforceReadRules).then(enforceScopes);
  return built;
}
