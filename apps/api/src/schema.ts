import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { AccountResolver } from "./accounts/account.resolver";
import { AddressResolver } from "./addresses/address.resolver";
import { AliasResolver } from "./addresses/alias.resolver";
import { AuditResolver } from "./audit/audit.resolver";
import { AuthResolver } from "./auth/auth.resolver";
import { applyInputLimits } from "./common/input-limits";
import { DomainResolver } from "./domains/domain.resolver";
import { GroupMemberResolver, GroupResolver } from "./groups/group.resolver";
import { JobResolver } from "./jobs/job.resolver";
import { OutboxResolver } from "./mail/outbox.resolver";
import { OrganizationResolver } from "./organizations/organization.resolver";

export const RESOLVERS = [AuthResolver, OrganizationResolver, DomainResolver, AccountResolver, AddressResolver, AliasResolver, AuditResolver, OutboxResolver, JobResolver, GroupResolver, GroupMemberResolver] as const;

let built: Promise<GraphQLSchema> | null = null;

/**
 * The schema is the same for every server in the process; build it once.
 * Every text argument gets its length and character limit (common/input-limits.ts).
 */
export function buildPostroomSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers: RESOLVERS, validate: false }).then(applyInputLimits);
  return built;
}
