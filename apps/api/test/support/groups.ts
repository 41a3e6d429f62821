import type { AccountProfile } from "../generated/graphql";
import type { TestApp } from "./harness";

/** Operations, shapes and helpers shared by the distribution-group suites (groups.test.ts, group-*.test.ts). */

export const GROUP_FIELDS = "id name description address unicodeAddress senderPolicy hiddenFromDirectory memberCount owners { id } recipients";
export const CREATE = `mutation($i: CreateGroupInput!) { createGroup(input: $i) { ${GROUP_FIELDS} } }`;
export const UPDATE = `mutation($id: ID!, $i: UpdateGroupInput!) { updateGroup(id: $id, input: $i) { ${GROUP_FIELDS} } }`;
export const DELETE = "mutation($id: ID!) { deleteGroup(id: $id) { id name senderPolicy } }";
export const GROUP = `query($id: ID!) { group(id: $id) { ${GROUP_FIELDS} } }`;
export const GROUPS = `query($o: ID, $first: Int, $after: String, $search: String) {
  groups(organizationId: $o, first: $first, after: $after, search: $search) { totalCount edges { cursor node { id name address } } pageInfo { hasNextPage endCursor } }
}`;
export const ADD = "mutation($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { id memberCount } }";
export const REMOVE = "mutation($g: ID!, $ids: [ID!]!) { removeGroupMembers(groupId: $g, memberIds: $ids) { id memberCount } }";
export const OWNERS = "mutation($g: ID!, $a: [ID!]!) { setGroupOwners(groupId: $g, accountIds: $a) { id owners { id } } }";
export const MEMBERS = `query($id: ID!, $first: Int, $after: String) { group(id: $id) { memberCount members(first: $first, after: $after) {
  totalCount edges { cursor node { id kind account { id } group { id } address } } pageInfo { hasNextPage endCursor } } } }`;
export const EXPANSION = "query($id: ID!) { group(id: $id) { recipients expansion { recipients truncated reason trace { kind from to } } } }";
export const CHECK = "query($g: String!, $s: String!) { checkSender(groupAddress: $g, sender: $s) { allowed policy reason group { id } } }";
export const AVAILABILITY = "query($a: String!) { addressAvailability(address: $a) { address available reason } }";
export const AUDIT = `query($o: ID!, $t: ID, $a: String) { auditEvents(organizationId: $o, targetId: $t, action: $a, first: 100) {
  edges { node { action actorType actorId targetType targetId summary } } } }`;
export const CREATE_ACCOUNT = "mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }";

export interface Hop {
  kind: string;
  from: string;
  to: string;
}
export interface MemberNode {
  id: string;
  kind: string;
  account: { id: string } | null;
  group: { id: string } | null;
  address: string | null;
}
export interface AuditNode {
  action: string;
  actorType: string;
  actorId: string | null;
  targetType: string;
  targetId: string | null;
  summary: Record<string, unknown>;
}

export const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

export interface GroupOrg {
  orgId: string;
  adminId: string;
  adminToken: string;
  domain: string;
}

/** Helpers over `app` acting in the organization `org()` returns (the suite makes a fresh one before each test). */
export function groupHelpers(app: TestApp, org: () => GroupOrg) {
  async function person(local: string, extra: { profile?: AccountProfile; password?: string; exchangeEnabled?: boolean } = {}): Promise<string> {
    return app.createAccount(org().orgId, { displayName: local[0].toUpperCase() + local.slice(1), primaryAddress: `${local}@acme.test`, ...extra });
  }

  async function createGroup(
    name: string,
    address: string,
    extra: Record<string, unknown> = {},
    token = org().adminToken,
  ): Promise<{ id: string; address: string }> {
    return (await app.ok(CREATE, { i: { name, address, ...extra } }, token)).createGroup;
  }

  async function add(groupId: string, members: Record<string, string>[], token = org().adminToken): Promise<number> {
    return (await app.ok(ADD, { g: groupId, m: members }, token)).addGroupMembers.memberCount;
  }

  async function memberCount(groupId: string): Promise<number> {
    return (await app.ok(GROUP, { id: groupId })).group.memberCount;
  }

  async function allMembers(groupId: string): Promise<MemberNode[]> {
    return (await app.ok(MEMBERS, { id: groupId, first: 100 })).group.members.edges.map((e: { node: MemberNode }) => e.node);
  }

  async function audit(targetId: string | null, action: string | null = null): Promise<AuditNode[]> {
    const data = await app.ok(AUDIT, { o: org().orgId, t: targetId, a: action });
    return data.auditEvents.edges.map((e: { node: AuditNode }) => e.node);
  }

  async function expansion(
    groupId: string,
  ): Promise<{ recipients: string[]; expansion: { recipients: string[]; truncated: boolean; reason: string | null; trace: Hop[] } }> {
    return (await app.ok(EXPANSION, { id: groupId })).group;
  }
  return { person, createGroup, add, memberCount, allMembers, audit, expansion };
}
