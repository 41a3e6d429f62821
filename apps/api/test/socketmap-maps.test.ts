import { openDatabase } from "../src/db/database";
import { ResolutionService } from "../src/addresses/resolution.service";
import { ExpansionService } from "../src/groups/expansion.service";
import { SenderService } from "../src/groups/sender.service";
import { MailMapService } from "../src/socketmap/mail-maps.service";
import { replyText } from "../src/socketmap/socketmap.reply";
import { dialects } from "./support/databases";
import { GroupTree } from "./support/group-tree";
import { useTestApp } from "./support/harness";
import { seedMailDirectory } from "./support/mail-directory";
import { AddGroupMembersDocument, CreateGroupDocument, GroupSmtpExpandableDocument, SetGroupOwnersDocument } from "./generated/graphql";

describe.each(dialects())("socketmap maps (%s)", (dialect) => {
  const app = useTestApp(dialect);
  const logs: string[] = [];
  const ask = async (map: string, key: string) =>
    replyText(await new MailMapService(app.db, app.services.resolution, app.services.expansion, (m) => logs.push(m)).lookup(map, key));
  beforeEach(() => {
    logs.length = 0;
  });

  it("virtual_mailbox_domains: verified domains of either mail service, keys as Postfix sends them", async () => {
    await seedMailDirectory(app);
    const answers = await Promise.all(
      ["acme.test", "ACME.Test", "bücher.test", "xn--bcher-kva.test", "web.test", "pending.test", "nowhere.test", "ann@acme.test", "", "a..b"].map((k) =>
        ask("virtual_mailbox_domains", k),
      ),
    );
    expect(answers).toEqual([
      "OK acme.test",
      "OK acme.test",
      "OK xn--bcher-kva.test",
      "OK xn--bcher-kva.test",
      "OK web.test",
      "NOTFOUND ",
      "NOTFOUND ",
      "NOTFOUND ",
      "NOTFOUND ",
      "NOTFOUND ",
    ]);
  });

  it("virtual_alias_maps: final recipients of every kind of address, as resolveAddress delivers them", async () => {
    await seedMailDirectory(app);
    const table: [string, string][] = [
      ["ann@acme.test", "OK ann@acme.test"],
      ["Ann@ACME.test", "OK ann@acme.test"],
      ["ann+news@acme.test", "OK ann@acme.test"],
      ["ann.alias@acme.test", "OK ann@acme.test"],
      ["ann.alias+x@acme.test", "OK ann@acme.test"],
      ["ann.old@acme.test", "OK ann@acme.test"],
      ["ann.new@acme.test", "NOTFOUND "],
      ["dave@acme.test", "NOTFOUND "],
      ["dave.alias@acme.test", "NOTFOUND "],
      ["max@bücher.test", "OK max@xn--bcher-kva.test"],
      ["max@xn--bcher-kva.test", "OK max@xn--bcher-kva.test"],
      ["wendy@web.test", "OK wendy@web.test"],
      ["team@acme.test", "OK ann@acme.test,bob@acme.test,partner@partner.example,carol@acme.test,deep@partner.example"],
      ["team+list@acme.test", "OK ann@acme.test,bob@acme.test,partner@partner.example,carol@acme.test,deep@partner.example"],
      ["inner@acme.test", "OK carol@acme.test,deep@partner.example"],
      ["empty@acme.test", "NOTFOUND "],
      ["nobody@acme.test", "NOTFOUND "],
      ["partner@partner.example", "NOTFOUND "],
      ["acme.test", "NOTFOUND "],
      ["xn--bcher-kva.test", "NOTFOUND "],
      ["not an address", "NOTFOUND "],
      ["ann@acme.test\u0000x", "NOTFOUND "],
    ];
    const answers = await Promise.all(table.map(([key]) => ask("virtual_alias_maps", key)));
    expect(table.map(([key], i) => [key, answers[i]])).toEqual(table);
  });

  it("virtual_mailbox_maps: an active account's primary address → domain/localpart/", async () => {
    await seedMailDirectory(app);
    const table: [string, string][] = [
      ["ann@acme.test", "OK acme.test/ann/"],
      ["ANN@acme.test", "OK acme.test/ann/"],
      ["ann+news@acme.test", "OK acme.test/ann/"],
      ["max@bücher.test", "OK xn--bcher-kva.test/max/"],
      ["ann.alias@acme.test", "NOTFOUND "],
      ["ann.old@acme.test", "NOTFOUND "],
      ["dave@acme.test", "NOTFOUND "],
      ["team@acme.test", "NOTFOUND "],
      ["nobody@acme.test", "NOTFOUND "],
      ["acme.test", "NOTFOUND "],
    ];
    const answers = await Promise.all(table.map(([key]) => ask("virtual_mailbox_maps", key)));
    expect(table.map(([key], i) => [key, answers[i]])).toEqual(table);
  });

  it("smtpd_sender_login_maps: a primary address is sent by its account, a group by its active owners, aliases by nobody", async () => {
    const d = await seedMailDirectory(app);
    await app.request(SetGroupOwnersDocument, { groupId: d.inner, accountIds: [d.carol, d.dave, d.ann] });
    const table: [string, string][] = [
      ["ann@acme.test", "OK ann@acme.test"],
      ["ann+news@acme.test", "OK ann@acme.test"],
      ["Max@Bücher.test", "OK max@xn--bcher-kva.test"],
      ["ann.alias@acme.test", "NOTFOUND "],
      ["ann.old@acme.test", "NOTFOUND "],
      ["ann.new@acme.test", "NOTFOUND "],
      ["dave@acme.test", "NOTFOUND "],
      ["team@acme.test", "OK bob@acme.test"],
      ["inner@acme.test", "OK ann@acme.test,carol@acme.test"],
      ["empty@acme.test", "NOTFOUND "],
      ["nobody@acme.test", "NOTFOUND "],
    ];
    const answers = await Promise.all(table.map(([key]) => ask("smtpd_sender_login_maps", key)));
    expect(table.map(([key], i) => [key, answers[i]])).toEqual(table);
  });

  it("answers PERM for an unknown map name", async () => {
    expect(await ask("transport_maps", "ann@acme.test")).toBe(
      'PERM unknown map "transport_maps"; maps: virtual_mailbox_domains, virtual_alias_maps, virtual_mailbox_maps, smtpd_sender_login_maps',
    );
  });

  it("answers TEMP, never NOTFOUND, on every map when the database is gone", async () => {
    await seedMailDirectory(app);
    const db = await openDatabase(app.database.url);
    const expansion = new ExpansionService(db);
    const maps = new MailMapService(db, new ResolutionService(db, expansion, new SenderService(db, expansion)), expansion, (m) => logs.push(m));
    expect(replyText(await maps.lookup("virtual_alias_maps", "team@acme.test"))).toBe(
      "OK ann@acme.test,bob@acme.test,partner@partner.example,carol@acme.test,deep@partner.example",
    );
    await db.close();
    const keys: [string, string][] = [
      ["virtual_mailbox_domains", "acme.test"],
      ["virtual_mailbox_domains", "nowhere.test"],
      ["virtual_alias_maps", "ann@acme.test"],
      ["virtual_alias_maps", "nobody@acme.test"],
      ["virtual_mailbox_maps", "ann@acme.test"],
      ["smtpd_sender_login_maps", "team@acme.test"],
    ];
    const answers = await Promise.all(keys.map(([map, key]) => maps.lookup(map, key).then(replyText)));
    expect(answers).toEqual(keys.map(() => "TEMP directory unavailable"));
    expect(logs).toHaveLength(keys.length);
    expect(logs.every((l) => / lookup failed, answered TEMP: /.test(l))).toBe(true);
  });

  it("a group of exactly 1,000 recipients is one answer; one more is TEMP, logged, and flagged through smtpExpandable", async () => {
    const { orgId } = await seedMailDirectory(app);
    const big = (await app.request(CreateGroupDocument, { input: { organizationId: orgId, name: "Big", address: "big@acme.test" } })).createGroup.id;
    const externals = Array.from({ length: 1000 }, (_, i) => `p${String(i).padStart(4, "0")}@partner.example`);
    await app.request(AddGroupMembersDocument, { groupId: big, members: externals.map((address) => ({ address })) });
    expect(await ask("virtual_alias_maps", "big@acme.test")).toBe(`OK ${externals.join(",")}`);
    expect((await app.request(GroupSmtpExpandableDocument, { id: big })).group.smtpExpandable).toEqual({ ok: true, reason: null });
    await app.request(AddGroupMembersDocument, { groupId: big, members: [{ address: "one.more@partner.example" }] });
    expect(await ask("virtual_alias_maps", "big@acme.test")).toBe(
      "TEMP group big@acme.test expands to more than 1000 recipients (Postfix's virtual_alias_expansion_limit)",
    );
    expect(logs).toEqual([
      `group ${big} (big@acme.test) cannot be expanded for Postfix: more than 1000 recipients (Postfix's virtual_alias_expansion_limit); answered TEMP`,
    ]);
    expect((await app.request(GroupSmtpExpandableDocument, { id: big })).group.smtpExpandable).toEqual({
      ok: false,
      reason: "Postfix would defer mail to this group: it expands to more than 1000 recipients (Postfix's virtual_alias_expansion_limit).",
    });
    expect(await ask("virtual_mailbox_maps", "big@acme.test")).toBe("NOTFOUND ");
  });

  it("a group whose answer would pass 100,000 bytes is TEMP and flagged", async () => {
    const { orgId } = await seedMailDirectory(app);
    const wide = (await app.request(CreateGroupDocument, { input: { organizationId: orgId, name: "Wide", address: "wide@acme.test" } })).createGroup.id;
    const label = "partner".repeat(8);
    const externals = Array.from({ length: 560 }, (_, i) => `${"x".repeat(60)}${String(i).padStart(4, "0")}@${label}.${label}.example`);
    for (let i = 0; i < externals.length; i += 100)
      await app.request(AddGroupMembersDocument, { groupId: wide, members: externals.slice(i, i + 100).map((address) => ({ address })) });
    const bytes = Buffer.byteLength(`OK ${externals.join(",")}`);
    expect(bytes).toBe(3 + 560 * 186 + 559);
    expect(await ask("virtual_alias_maps", "wide@acme.test")).toBe(
      `TEMP group wide@acme.test expands to a reply of ${bytes} bytes, over Postfix's 100000-byte socketmap limit`,
    );
    expect((await app.request(GroupSmtpExpandableDocument, { id: wide })).group.smtpExpandable).toEqual({
      ok: false,
      reason: `Postfix would defer mail to this group: it expands to a reply of ${bytes} bytes, over Postfix's 100000-byte socketmap limit.`,
    });
  });

  it("a seeded group of 10,000 recipients five levels deep is TEMP, not a truncated list", async () => {
    const { orgId } = await seedMailDirectory(app);
    const tree = await GroupTree.seedTenThousand(app.db, orgId, "acme.test");
    expect(await ask("virtual_alias_maps", tree.rootAddress)).toBe(
      `TEMP group ${tree.rootAddress} expands to more than 1000 recipients (Postfix's virtual_alias_expansion_limit)`,
    );
    expect((await app.request(GroupSmtpExpandableDocument, { id: tree.rootId })).group.smtpExpandable?.ok).toBe(false);
  });
});
