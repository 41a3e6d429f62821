import {
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLSchema,
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
} from "graphql";
import type { Context } from "../context";
import type { KeyScope } from "./scopes";
import { ForbiddenError, NotFoundError } from "../errors";
import {
  type ReadRule,
  accountEntry,
  accountOwner,
  addressRule,
  adminOfOwnOrganization,
  claimRule,
  groupEntry,
  groupManager,
  memberOfOwnOrganization,
  operatorOnly,
  operatorRecord,
  organizationMember,
  rosterRow,
} from "./read-policy";

/**
 * The read rule of every object type of the schema, declared once. The rule
 * runs on every object a field returns, however deep: objects of a list the
 * principal may not read are left out, a single one answers NOT_FOUND exactly
 * as the root query would. `INHERIT` marks payload and wrapper types that
 * carry nothing of their own: what they hold is checked by its own type.
 * Building the server fails when an object type has no entry here, so a new
 * type cannot ship without a decision.
 */
export const INHERIT = "inherit" as const;

export type TypeRule =
  | { rule: typeof INHERIT }
  | {
      rule: ReadRule<never>;
      label: string;
      /**
       * What an API key needs to read objects of this type when a field nests
       * them (null: nothing beyond the rule). The object a root field returns
       * is covered by that operation's scopes instead (auth/scopes.ts).
       */
      scope: KeyScope | null;
    };

export const TYPE_RULES: Record<string, TypeRule> = {
  Account: { rule: accountEntry, label: "Account", scope: "accounts:read" },
  Address: { rule: addressRule, label: "Address", scope: "addresses:read" },
  AliasClaim: { rule: claimRule, label: "Alias request", scope: "addresses:read" },
  ApiKey: { rule: adminOfOwnOrganization, label: "API key", scope: null },
  AuditEvent: { rule: adminOfOwnOrganization, label: "Audit event", scope: "audit:read" },
  DistributionGroup: { rule: groupEntry, label: "Group", scope: "groups:read" },
  Domain: { rule: memberOfOwnOrganization, label: "Domain", scope: "domains:read" },
  Event: { rule: adminOfOwnOrganization, label: "Event", scope: "events:read" },
  GroupMember: { rule: rosterRow, label: "Member", scope: "groups:read" },
  Job: { rule: adminOfOwnOrganization, label: "Job", scope: "audit:read" },
  Operator: { rule: operatorRecord, label: "Operator", scope: null },
  Organization: { rule: organizationMember, label: "Organization", scope: null },
  OutboxMessage: { rule: operatorOnly, label: "Message", scope: null },
  WebhookDelivery: { rule: adminOfOwnOrganization, label: "Webhook delivery", scope: "webhooks:manage" },
  WebhookEndpoint: { rule: adminOfOwnOrganization, label: "Webhook endpoint", scope: "webhooks:manage" },
  // Payloads and wrappers: the root field that produced them decided.
  AddressAvailability: { rule: INHERIT },
  AliasClaimPreview: { rule: INHERIT },
  AliasConfirmation: { rule: INHERIT },
  AliasPayload: { rule: INHERIT },
  ApiKeySecretPayload: { rule: INHERIT },
  AuthPayload: { rule: INHERIT },
  CostBudget: { rule: INHERIT },
  DirectoryStats: { rule: INHERIT },
  DomainChangePayload: { rule: INHERIT },
  GroupExpansion: { rule: INHERIT },
  Mutation: { rule: INHERIT },
  OffboardPayload: { rule: INHERIT },
  OrganizationPolicy: { rule: INHERIT },
  PageInfo: { rule: INHERIT },
  Query: { rule: INHERIT },
  Resolution: { rule: INHERIT },
  ResolutionHop: { rule: INHERIT },
  SenderCheck: { rule: INHERIT },
  SenderVerdict: { rule: INHERIT },
  SmtpExpandability: { rule: INHERIT },
  VerificationRecord: { rule: INHERIT },
  WebhookEndpointWithSecret: { rule: INHERIT },
  Viewer: { rule: INHERIT },
};

/** Fields that need more than reading their object. The rule gets the parent object. */
export const FIELD_RULES: Record<string, { rule: ReadRule<never>; message: string }> = {};
const accountPrivate = { rule: accountOwner, message: "Only the account itself and administrators may see this." };
for (const field of ["addresses", "aliases", "secondaryAddresses", "formerAddresses", "pendingAliasClaims", "groups"]) {
  FIELD_RULES[`Account.${field}`] = accountPrivate;
}
const roster = { rule: groupManager, message: "Only the group's owners and administrators may see this." };
for (const field of ["members", "owners", "recipients", "expansion", "memberCount", "smtpExpandable", "memberOf"]) {
  FIELD_RULES[`DistributionGroup.${field}`] = roster;
}
FIELD_RULES["Domain.verificationRecord"] = { rule: adminOfOwnOrganization, message: "Only administrators may see a domain's verification record." };

/** Connections and edges hold a list of nodes and nothing else: they inherit. */
function entryOf(typeName: string): TypeRule {
  if (typeName.endsWith("Connection") || typeName.endsWith("Edge")) return { rule: INHERIT };
  const entry = TYPE_RULES[typeName];
  if (!entry) throw new Error(`No read rule for GraphQL type ${typeName}: add it to TYPE_RULES (auth/schema-authorization.ts).`);
  return entry;
}

function ruleOf(typeName: string) {
  return entryOf(typeName).rule;
}

/** The scope an API key needs to read nested objects of this type (null: none). */
export function typeScopeOf(typeName: string): KeyScope | null {
  const entry = entryOf(typeName);
  return entry.rule === INHERIT ? null : entry.scope;
}

type Rule = ReadRule<unknown>;

async function readable(rule: Rule, items: unknown[], ctx: Context): Promise<boolean[]> {
  const principal = await ctx.principal();
  return Promise.all(items.map((item) => rule(principal, item, ctx.access)));
}

function guardResult(type: GraphQLOutputType, rule: Rule, label: string) {
  const list = isListType(getNullableType(type));
  return async (value: unknown, ctx: Context): Promise<unknown> => {
    if (value === null || value === undefined) return value;
    if (list) {
      const items = value as unknown[];
      const verdicts = await readable(rule, items, ctx);
      return items.filter((_, i) => verdicts[i]);
    }
    const [ok] = await readable(rule, [value], ctx);
    if (!ok) throw new NotFoundError(`${label} not found.`);
    return value;
  };
}

function wrapField(typeName: string, field: GraphQLField<unknown, Context>): boolean {
  const named = getNamedType(field.type);
  const typeRule = isObjectType(named) ? ruleOf(named.name) : INHERIT;
  const fieldRule = FIELD_RULES[`${typeName}.${field.name}`];
  if (typeRule === INHERIT && !fieldRule) return false;
  const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
  const guard = typeRule === INHERIT ? null : guardResult(field.type, typeRule as Rule, (TYPE_RULES[named.name] as { label: string }).label);
  field.resolve = async (source, args, ctx, info) => {
    if (fieldRule) {
      const [ok] = await readable(fieldRule.rule as Rule, [source], ctx);
      if (!ok) throw new ForbiddenError(fieldRule.message);
    }
    const value = await resolve(source, args, ctx, info);
    return guard ? guard(value, ctx) : value;
  };
  return true;
}

/**
 * Puts the read rules on every field of the schema that returns an object
 * (or a list of objects) or has a field rule. Fails on any object type or
 * field rule that names nothing, so the table and the schema cannot drift.
 */
export function enforceReadRules(schema: GraphQLSchema): GraphQLSchema {
  const seenFieldRules = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    ruleOf(type.name);
    for (const field of Object.values(type.getFields())) {
      if (FIELD_RULES[`${type.name}.${field.name}`]) seenFieldRules.add(`${type.name}.${field.name}`);
      wrapField(type.name, field as GraphQLField<unknown, Context>);
    }
  }
  const stale = Object.keys(FIELD_RULES).filter((k) => !seenFieldRules.has(k));
  if (stale.length) throw new Error(`Field rules for fields the schema does not have: ${stale.join(", ")}`);
  return schema;
}
