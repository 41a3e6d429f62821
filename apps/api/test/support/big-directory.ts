import { randomUUID } from "node:crypto";
import { sqlTimestamp } from "../../src/db/values";
import type { TestApp } from "./harness";
import { seedMailDirectory } from "./mail-directory";

const BATCH = 500;
const CREATE_GROUP = "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }";
const ADD_MEMBERS = "mutation($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { id } }";
const OWNERS = "mutation($g: ID!, $a: [ID!]!) { setGroupOwners(groupId: $g, accountIds: $a) { id } }";

function placeholders(columns: number, rows: number): string {
  return Array(rows)
    .fill(`(${Array(columns).fill("?").join(", ")})`)
    .join(", ");
}

/**
 * The small directory of seedMailDirectory plus over 10,000 addresses written
 * with multi-row INSERTs: on acme.test, xn--bcher-kva.test (IDN) and web.test,
 * each account with a primary, an alias and a secondary address; every tenth
 * account disabled, every seventh secondary still pending; and 20 chains of
 * groups nested three deep, through GraphQL, with accounts (some disabled),
 * external members and owners.
 */
export async function seedBigDirectory(app: TestApp) {
  const small = await seedMailDirectory(app);
  const now = sqlTimestamp(new Date(), app.db.dialect);
  const accounts: { id: string; primary: string }[] = [];
  await app.db.transaction(async (m) => {
    for (const [domain, count, prefix] of [
      ["acme.test", 2500, "u"],
      ["xn--bcher-kva.test", 600, "b"],
      ["web.test", 250, "w"],
    ] as const) {
      for (let start = 0; start < count; start += BATCH) {
        const n = Math.min(BATCH, count - start);
        const accountRows: unknown[] = [];
        const addressRows: unknown[] = [];
        for (let i = start; i < start + n; i++) {
          const id = randomUUID();
          const local = `${prefix}${String(i).padStart(4, "0")}`;
          accountRows.push(id, small.orgId, `User ${local}`, `user ${local}`, "PROFESSIONAL", i % 10 === 3 ? "DISABLED" : "ACTIVE", 1, null, now, now);
          addressRows.push(randomUUID(), `${local}@${domain}`, domain, "PRIMARY", "ACTIVE", small.orgId, id, null, now);
          addressRows.push(randomUUID(), `${local}.alias@${domain}`, domain, "ALIAS", "ACTIVE", small.orgId, id, null, now);
          addressRows.push(
            randomUUID(),
            `${local}.old@${domain}`,
            domain,
            "SECONDARY",
            i % 7 === 2 ? "PENDING_PROVISIONING" : "ACTIVE",
            small.orgId,
            id,
            null,
            now,
          );
          accounts.push({ id, primary: `${local}@${domain}` });
        }
        await m.query(
          `INSERT INTO account (id, organization_id, display_name, search_name, profile, status, exchange_enabled, password_hash, created_at, updated_at) VALUES ${placeholders(10, n)}`,
          accountRows,
        );
        await m.query(
          `INSERT INTO address (id, address, domain, kind, status, organization_id, account_id, group_id, created_at) VALUES ${placeholders(9, n * 3)}`,
          addressRows,
        );
      }
    }
  });
  const groups: string[] = [];
  const group = async (name: string, address: string) => {
    const id = (await app.ok(CREATE_GROUP, { i: { organizationId: small.orgId, name, address } })).createGroup.id as string;
    groups.push(id);
    return id;
  };
  for (let c = 0; c < 20; c++) {
    const pick = (k: number) => ({ accountId: accounts[(c * 37 + k * 11) % accounts.length].id });
    const top = await group(`Chain ${c}`, `chain${c}@acme.test`);
    const mid = await group(`Chain ${c} middle`, `chain${c}.middle@acme.test`);
    const leaf = await group(`Chain ${c} leaf`, c % 2 === 0 ? `chain${c}.leaf@xn--bcher-kva.test` : `chain${c}.leaf@web.test`);
    await app.ok(ADD_MEMBERS, { g: leaf, m: [pick(1), pick(2), pick(3), { address: `leaf${c}@partner.example` }] });
    await app.ok(ADD_MEMBERS, { g: mid, m: [pick(4), { groupId: leaf }, pick(1), { address: `mid${c}@partner.example` }] });
    await app.ok(ADD_MEMBERS, { g: top, m: [pick(5), { groupId: mid }, pick(6), ...(c % 3 === 0 ? [{ groupId: small.team }] : [])] });
    if (c % 4 !== 0) await app.ok(OWNERS, { g: top, a: [pick(c % 5).accountId, pick(7).accountId] });
  }
  return { ...small, groups };
}
