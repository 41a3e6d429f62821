import { Initial1732233600000 } from "./1732233600000-initial";
import { AliasClaimsAndOutbox1732320000000 } from "./1732320000000-alias-claims-and-outbox";
import { JobsOffboarding1732406400000 } from "./1732406400000-jobs-offboarding";
import { Groups1732492800000 } from "./1732492800000-groups";
import { GroupMemberMailbox1732579200000 } from "./1732579200000-group-member-mailbox";
import { RouteChangeLog1732665600000 } from "./1732665600000-route-change-log";
import { LoginFailure1764460800000 } from "./1764460800000-login-failure";
import { OnePrimaryPerAccount1764547200000 } from "./1764547200000-one-primary-per-account";
import { DropRouteChangeLog1764720000000 } from "./1764720000000-drop-route-change-log";
import { SessionTokenVarchar1764806400000 } from "./1764806400000-session-token-varchar";
import { ApiKeys1764900000000 } from "./1764900000000-api-keys";
import { Idempotency1764901000000 } from "./1764901000000-idempotency";
import { CostBudget1765000000000 } from "./1765000000000-cost-budget";
import { EventsWebhooks1765000001000 } from "./1765000001000-events-webhooks";
import { OrganizationSearchName1765000002000 } from "./1765000002000-organization-search-name";

/** Every migration, oldest first; each one handles both dialects. */
export const MIGRATIONS = [
  Initial1732233600000,
  AliasClaimsAndOutbox1732320000000,
  JobsOffboarding1732406400000,
  Groups1732492800000,
  GroupMemberMailbox1732579200000,
  RouteChangeLog1732665600000,
  LoginFailure1764460800000,
  OnePrimaryPerAccount1764547200000,
  DropRouteChangeLog1764720000000,
  SessionTokenVarchar1764806400000,
  ApiKeys1764900000000,
  Idempotency1764901000000,
  CostBudget1765000000000,
  EventsWebhooks1765000001000,
  OrganizationSearchName1765000002000,
];
