import { randomUUID } from "node:crypto";
import { isUniqueViolation } from "../src/db/database";
import { OnePrimaryPerAccount1764547200000 } from "../src/db/migrations/1764547200000-one-primary-per-account";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import { AccountMailDocument, AddGroupMembersDocument, CreateGroupDocument, SetPrimaryAddressDocument } from "./generated/graphql";

describe.each(dialects())("one PRIMARY address per account (%s)", (dialect) => {
  const app = useTestApp(dialect);

  const primaries = async (accountId: string) =>
    ((await app.db.manager.query("SELECT address FROM address WHERE account_id = ? AND kind = 'PRIMARY'", [accountId])) as { address: string }[]).map(
      (r) => r.address,
    );

  it("ten concurrent setPrimaryAddress calls leave exactly one PRIMARY and answer each call with success or a contract code", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const ann = await app.createAccount(acme.orgId, { primaryAddress: "ann@acme.test" });
    const wanted = Array.from({ length: 10 }, (_, i) => `ann.${i}@acme.test`);

    const responses = await Promise.all(wanted.map((a) => app.gql(SetPrimaryAddressDocument, { accountId: ann, address: a }, acme.adminToken)));

    for (const res of responses) {
      expect(res.status).toBe(200);
      for (const error of res.errors ?? []) expect(["ADDRESS_TAKEN", "BAD_USER_INPUT"]).toContain(error.extensions?.code);
    }
    const primary = await primaries(ann);
    expect(primary).toHaveLength(1);
    expect(wanted).toContain(primary[0]);
    // Every other address the calls wrote stayed with Ann as SECONDARY; nothing was lost.
    const rows = (await app.db.manager.query("SELECT address, kind FROM address WHERE account_id = ? ORDER BY address", [ann])) as {
      address: string;
      kind: string;
    }[];
    const succeeded = responses.filter((r) => !r.errors).map((r) => r.data?.setPrimaryAddress.primaryAddress?.address);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    expect(rows.map((r) => r.address).sort()).toEqual(["ann@acme.test", ...succeeded].sort());
    expect(rows.filter((r) => r.kind !== "PRIMARY").every((r) => r.kind === "SECONDARY")).toBe(true);
    const { primaryAddress, sendAs } = (await app.request(AccountMailDocument, { id: ann }, acme.adminToken)).account;
    expect({ primaryAddress, sendAs }).toEqual({ primaryAddress: { address: primary[0] }, sendAs: primary[0] });
  });

  it("the database itself refuses a second PRIMARY row for an account", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const ann = await app.createAccount(acme.orgId, { primaryAddress: "ann@acme.test" });
    const insert = (address: string, kind: string) =>
      app.db.manager.query(
        "INSERT INTO address (id, address, domain, kind, status, organization_id, account_id, group_id, created_at) VALUES (?, ?, ?, ?, 'ACTIVE', ?, ?, NULL, ?)",
        [randomUUID(), address, "acme.test", kind, acme.orgId, ann, dialect === "mysql" ? "2026-01-01 00:00:00.000" : "2026-01-01T00:00:00.000Z"],
      );
    const refused = await insert("ann.two@acme.test", "PRIMARY").then(
      () => null,
      (error: unknown) => error,
    );
    expect(isUniqueViolation(refused)).toBe(true);
    // Any number of non-PRIMARY rows is fine, and a demoted PRIMARY frees the slot.
    await insert("ann.three@acme.test", "SECONDARY");
    await insert("ann.four@acme.test", "ALIAS");
    await app.db.manager.query("UPDATE address SET kind = 'SECONDARY' WHERE account_id = ? AND kind = 'PRIMARY'", [ann]);
    await insert("ann.five@acme.test", "PRIMARY");
    expect(await primaries(ann)).toEqual(["ann.five@acme.test"]);
  });

  it("the migration repairs an account that already has several PRIMARY rows: the newest stays, the others become SECONDARY", async () => {
    const acme = await app.orgWithAdmin("Acme", "acme.test");
    const ann = await app.createAccount(acme.orgId, { primaryAddress: "ann@acme.test" });
    const group = (await app.request(CreateGroupDocument, { input: { organizationId: acme.orgId, name: "Team", address: "team@acme.test" } }, acme.adminToken))
      .createGroup.id;
    await app.request(AddGroupMembersDocument, { groupId: group, members: [{ accountId: ann }] }, acme.adminToken);
    const migration = new OnePrimaryPerAccount1764547200000();
    const runner = app.db.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      // What the race left on MariaDB before the index: three PRIMARY rows.
      for (const [address, at] of [
        ["ann.1@acme.test", "2099-01-02"],
        ["ann.2@acme.test", "2099-01-03"],
      ]) {
        await runner.query(
          "INSERT INTO address (id, address, domain, kind, status, organization_id, account_id, group_id, created_at) VALUES (?, ?, 'acme.test', 'PRIMARY', 'ACTIVE', ?, ?, NULL, ?)",
          [randomUUID(), address, acme.orgId, ann, dialect === "mysql" ? `${at} 00:00:00.000` : `${at}T00:00:00.000Z`],
        );
      }
      expect(await primaries(ann)).toHaveLength(3);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await primaries(ann)).toEqual(["ann.2@acme.test"]);
    const kinds = (await app.db.manager.query("SELECT address, kind FROM address WHERE account_id = ? ORDER BY address", [ann])) as {
      address: string;
      kind: string;
    }[];
    expect(kinds.map((r) => [r.address, r.kind])).toEqual([
      ["ann.1@acme.test", "SECONDARY"],
      ["ann.2@acme.test", "PRIMARY"],
      ["ann@acme.test", "SECONDARY"],
    ]);
    const mailbox = (await app.db.manager.query("SELECT mailbox FROM group_member WHERE member_account_id = ?", [ann])) as { mailbox: string }[];
    expect(mailbox).toEqual([{ mailbox: "ann.2@acme.test" }]);
  });
});
