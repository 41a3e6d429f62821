import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import {
  AddGroupMembersDocument,
  CreateGroupDocument,
  DisableAccountDocument,
  GroupExpansionDocument,
  OffboardAccountDocument,
  SetPrimaryAddressDocument,
  UpdateGroupDocument,
} from "./generated/graphql";
import { MIGRATIONS } from "../src/db/migrations";
import { GroupMemberMailbox1732579200000 } from "../src/db/migrations/1732579200000-group-member-mailbox";

type Stored = { id: string; mailbox: string | null; deliverable: number; member_group_name: string | null };

describe.each(dialects())("group_member mailbox migration (%s)", (dialect) => {
  const app = useTestApp(dialect);

  async function stored(): Promise<Stored[]> {
    const rows: (Stored & { deliverable: unknown })[] = await app.db.manager.query(
      "SELECT id, mailbox, deliverable, member_group_name FROM group_member ORDER BY id",
    );
    return rows.map((r) => ({ ...r, deliverable: Number(r.deliverable) }));
  }

  async function columns(): Promise<string[]> {
    const rows: { name?: string; Field?: string }[] = await app.db.manager.query(
      dialect === "mysql" ? "SHOW COLUMNS FROM group_member" : "PRAGMA table_info(group_member)",
    );
    return rows.map((r) => (r.name ?? r.Field) as string);
  }

  it("backfills what the services maintain, and reverts cleanly", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const ids: Record<string, string> = {};
    for (const name of ["ann", "bob", "cat", "dan"]) ids[name] = await app.createAccount(acme.orgId, { primaryAddress: `${name}@acme.test` });
    const team = (await app.request(CreateGroupDocument, { input: { name: "Team", address: "team@acme.test" } }, acme.adminToken)).createGroup;
    const inner = (await app.request(CreateGroupDocument, { input: { name: "Inner", address: "inner@acme.test" } }, acme.adminToken)).createGroup;
    await app.request(AddGroupMembersDocument, { groupId: inner.id, members: [{ accountId: ids.dan }] }, acme.adminToken);
    await app.request(
      AddGroupMembersDocument,
      {
        groupId: team.id,
        members: [{ accountId: ids.ann }, { accountId: ids.bob }, { groupId: inner.id }, { accountId: ids.cat }, { address: "partner@example.org" }],
      },
      acme.adminToken,
    );
    await app.request(DisableAccountDocument, { id: ids.bob }, acme.adminToken);
    await app.request(OffboardAccountDocument, { input: { accountId: ids.cat, transferToAccountId: ids.dan } }, acme.adminToken);
    await app.request(UpdateGroupDocument, { id: inner.id, input: { name: "Inner Circle" } }, acme.adminToken);
    await app.request(SetPrimaryAddressDocument, { accountId: ids.ann, address: "ann.new@acme.test" }, acme.adminToken);
    const maintained = await stored();
    expect(maintained.map(({ mailbox, deliverable, member_group_name }) => [mailbox, deliverable, member_group_name])).toEqual([
      ["dan@acme.test", 1, null],
      ["ann.new@acme.test", 1, null],
      ["bob@acme.test", 0, null],
      [null, 0, "Inner Circle"],
      [null, 0, null],
      ["partner@example.org", 1, null],
    ]);

    // Revert this migration and every later one, then run them all again.
    const reverted = MIGRATIONS.slice(MIGRATIONS.indexOf(GroupMemberMailbox1732579200000)).map((m) => m.name);
    for (let i = 0; i < reverted.length; i++) await app.db.dataSource.undoLastMigration({ transaction: "each" });
    expect(await columns()).toEqual(["id", "group_id", "member_account_id", "member_group_id", "external_address", "created_at"]);

    const ran = await app.db.dataSource.runMigrations({ transaction: "each" });
    expect(ran.map((m) => m.name)).toEqual(reverted);
    expect(await columns()).toEqual([
      "id",
      "group_id",
      "member_account_id",
      "member_group_id",
      "external_address",
      "created_at",
      "mailbox",
      "deliverable",
      "member_group_name",
    ]);
    expect(await stored()).toEqual(maintained);
    const group = (await app.request(GroupExpansionDocument, { id: team.id }, acme.adminToken)).group;
    expect(group.recipients).toEqual(["ann.new@acme.test", "partner@example.org", "dan@acme.test"]);
    expect(group.expansion!.trace.filter((h) => h.kind !== "MAILBOX" && h.kind !== "EXTERNAL")).toEqual([
      { kind: "SKIPPED_DISABLED", from: "Team", to: "bob@acme.test" },
      { kind: "GROUP_MEMBER", from: "Team", to: "Inner Circle" },
      { kind: "SKIPPED_DISABLED", from: "Team", to: "cat" },
    ]);
  });
});
