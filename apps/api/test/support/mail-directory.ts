import type { TestApp } from "./harness";

const ADD_ALIAS = "mutation($i: AddAliasInput!) { addAlias(input: $i) { alias { id } } }";
const ADD_SECONDARY = "mutation($i: AddSecondaryAddressInput!) { addSecondaryAddress(input: $i) { id status } }";
const CREATE_GROUP = "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }";
const ADD_MEMBERS = "mutation($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { id } }";
const OWNERS = "mutation($g: ID!, $a: [ID!]!) { setGroupOwners(groupId: $g, accountIds: $a) { id } }";
const DISABLE = "mutation($id: ID!) { disableAccount(id: $id) { id } }";

/**
 * A small directory covering every kind of answer, built through GraphQL as
 * an administrator would: Acme on acme.test (Exchange), bücher.test (IDN) and
 * web.test (web-site e-mail), pending.test never verified.
 * - ann: primary, alias ann.alias@, secondary ann.old@ (provisioned) and ann.new@ (still pending)
 * - bob: primary; carol: primary; dave: disabled, with alias dave.alias@
 * - max@bücher.test, wendy@web.test
 * - team@ (owner bob): ann, bob, partner@partner.example, group inner@ → carol, dave, group deep@ → carol, deep@partner.example
 * - empty@: a group with no members and no owner
 */
export async function seedMailDirectory(app: TestApp) {
  const orgId = await app.createOrg("Acme");
  await app.verifiedDomain(orgId, "acme.test");
  await app.verifiedDomain(orgId, "bücher.test");
  await app.verifiedDomain(orgId, "web.test", "WEB_EMAIL");
  await app.ok("mutation($i: AddDomainInput!) { addDomain(input: $i) { id } }", {
    i: { organizationId: orgId, name: "pending.test", mailService: "EXCHANGE" },
  });
  const account = (local: string, domain = "acme.test") => app.createAccount(orgId, { primaryAddress: `${local}@${domain}`, exchangeEnabled: true });
  const ann = await account("ann");
  const bob = await account("bob");
  const carol = await account("carol");
  const dave = await account("dave");
  const max = await account("max", "bücher.test");
  const wendy = await account("wendy", "web.test");
  const annAlias = (await app.ok(ADD_ALIAS, { i: { accountId: ann, address: "ann.alias@acme.test" } })).addAlias.alias.id as string;
  await app.ok(ADD_SECONDARY, { i: { accountId: ann, address: "ann.old@acme.test" } });
  await app.worker().runDue();
  await app.ok(ADD_SECONDARY, { i: { accountId: ann, address: "ann.new@acme.test" } });
  await app.ok(ADD_ALIAS, { i: { accountId: dave, address: "dave.alias@acme.test" } });
  await app.ok(DISABLE, { id: dave });
  const group = async (name: string, address: string) => (await app.ok(CREATE_GROUP, { i: { organizationId: orgId, name, address } })).createGroup.id as string;
  const team = await group("Team", "team@acme.test");
  const inner = await group("Inner", "inner@acme.test");
  const deep = await group("Deep", "deep@acme.test");
  await group("Empty", "empty@acme.test");
  await app.ok(ADD_MEMBERS, { g: deep, m: [{ accountId: carol }, { address: "deep@partner.example" }] });
  await app.ok(ADD_MEMBERS, { g: inner, m: [{ accountId: carol }, { accountId: dave }, { groupId: deep }] });
  await app.ok(ADD_MEMBERS, { g: team, m: [{ accountId: ann }, { accountId: bob }, { address: "partner@partner.example" }, { groupId: inner }] });
  await app.ok(OWNERS, { g: team, a: [bob] });
  return { orgId, ann, bob, carol, dave, max, wendy, annAlias, team, inner, deep };
}
