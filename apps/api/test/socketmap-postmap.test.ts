import { domainToUnicode } from "node:url";
import type { Principal } from "../src/auth/principal";
import { canonicalizeDomain } from "../src/addresses/canonical-address";
import type { Resolution } from "../src/addresses/resolution.service";
import { PostroomError } from "../src/errors";
import { MAP_NAMES, MailMapService } from "../src/socketmap/mail-maps.service";
import { SocketmapServer } from "../src/socketmap/socketmap.server";
import { seedBigDirectory } from "./support/big-directory";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import { postfixTestable, postmapConfig, postmapMany, postmapOne } from "./support/postfix";

const OPERATOR: Principal = { kind: "operator", id: "test", email: "ops@postroom.test", label: "ops", sessionId: null };
const OWNERS = "query($id: ID!) { group(id: $id) { owners { status primaryAddress { address } } } }";
const DOMAINS = "query($o: ID) { domains(organizationId: $o) { name status } }";

/** Every key Postfix could send: each stored address, case and +tag variants, Unicode forms, misses, bare domains, junk. */
async function keysOf(app: ReturnType<typeof useTestApp>): Promise<string[]> {
  const rows: { address: string }[] = await app.db.manager.query("SELECT address FROM address ORDER BY address");
  const keys = new Set<string>();
  rows.forEach(({ address }, i) => {
    keys.add(address);
    const at = address.lastIndexOf("@");
    const [local, domain] = [address.slice(0, at), address.slice(at + 1)];
    if (i % 5 === 0) keys.add(`${local[0].toUpperCase()}${local.slice(1)}@${domain.toUpperCase()}`);
    if (i % 4 === 0) keys.add(`${local}+tag${i}@${domain}`);
    if (domain.startsWith("xn--")) keys.add(`${local}@${domainToUnicode(domain)}`);
  });
  for (let i = 0; i < 300; i++) keys.add(`miss${i}@acme.test`);
  for (let i = 0; i < 100; i++) keys.add(`x${i}@unknown${i}.example`);
  for (let c = 0; c < 20; c++) keys.add(`leaf${c}@partner.example`);
  for (const d of ["acme.test", "ACME.TEST", "xn--bcher-kva.test", "bücher.test", "web.test", "pending.test", "nowhere.test", "partner.example"]) keys.add(d);
  for (const junk of ["@acme.test", "a@b@acme.test", "ann@acme.test.", "ann@-bad-.test", "ann..x@acme.test", "ünï@acme.test"]) keys.add(junk);
  return [...keys];
}

describe.each(dialects())("postmap -q against the socketmap (%s)", (dialect) => {
  const testable = postfixTestable();
  const app = useTestApp(dialect);
  let server: SocketmapServer;
  let port: number;
  let config: ReturnType<typeof postmapConfig>;
  const logs: string[] = [];
  beforeAll(async () => {
    config = postmapConfig();
  });
  afterAll(() => config?.remove());
  beforeEach(async () => {
    logs.length = 0;
    const maps = new MailMapService(app.db, app.services.resolution, app.services.expansion, (m) => logs.push(m));
    server = new SocketmapServer({ lookup: (map, key) => maps.lookup(map, key) });
    port = (await server.listen(0)).port;
  });
  afterEach(async () => {
    await server.close();
  });

  (testable ? it : it.skip)("answers every key of a 10,000-address directory on every map exactly as resolveAddress implies", async () => {
    const seeded = await seedBigDirectory(app);
    expect(await app.count("address")).toBeGreaterThanOrEqual(10_000);
    const keys = await keysOf(app);
    expect(keys.length).toBeGreaterThan(15_000);

    const owners = new Map<string, string>();
    for (const id of [...seeded.groups, seeded.team, seeded.inner, seeded.deep]) {
      const list: { status: string; primaryAddress: { address: string } }[] = (await app.ok(OWNERS, { id })).group.owners;
      owners.set(
        id,
        list
          .filter((o) => o.status === "ACTIVE")
          .map((o) => o.primaryAddress.address)
          .sort()
          .join(","),
      );
    }
    const verified = new Set<string>(
      (await app.ok(DOMAINS, { o: seeded.orgId })).domains.filter((d: { status: string }) => d.status === "VERIFIED").map((d: { name: string }) => d.name),
    );
    const expected: Record<string, Map<string, string>> = Object.fromEntries(MAP_NAMES.map((m) => [m, new Map<string, string>()]));
    for (const key of keys) {
      if (!key.includes("@")) {
        let domain: string | null = null;
        try {
          domain = canonicalizeDomain(key).name;
        } catch (error) {
          if (!(error instanceof PostroomError)) throw error;
        }
        if (domain && verified.has(domain)) expected.virtual_mailbox_domains.set(key, domain);
        continue;
      }
      let r: Resolution | null = null;
      try {
        r = await app.services.resolution.resolve(OPERATOR, key);
      } catch (error) {
        if (!(error instanceof PostroomError)) throw error;
      }
      if (!r) continue;
      if (r.deliverTo.length > 0) expected.virtual_alias_maps.set(key, r.deliverTo.join(","));
      const active = r.account?.status === "ACTIVE";
      if (r.kind === "PRIMARY" && active) {
        const [local, domain] = r.address.split("@");
        expected.virtual_mailbox_maps.set(key, `${domain}/${local}/`);
        expected.smtpd_sender_login_maps.set(key, r.address);
      }
      if (r.group && owners.get(r.group.id)) expected.smtpd_sender_login_maps.set(key, owners.get(r.group.id) as string);
    }
    // Every kind of answer is in the sample, not just misses.
    expect(expected.virtual_alias_maps.size).toBeGreaterThan(9_000);
    expect(expected.virtual_mailbox_maps.size).toBeGreaterThan(3_000);
    expect(expected.virtual_mailbox_domains.size).toBe(5);
    expect([...expected.virtual_alias_maps.values()].filter((v) => v.split(",").length >= 5).length).toBeGreaterThanOrEqual(20);
    expect([...expected.smtpd_sender_login_maps.values()].filter((v) => v.includes(",")).length).toBeGreaterThanOrEqual(10);

    for (const map of MAP_NAMES) {
      const answered = await postmapMany(config.dir, port, map, keys);
      const sorted = (m: Map<string, string>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      expect([map, sorted(answered)]).toEqual([map, sorted(expected[map])]);
    }
  });

  (testable ? it : it.skip)("postmap -q sees a group over Postfix's limits as a lookup error, not as a miss", async () => {
    const { orgId } = await seedBigDirectory(app);
    const group = (
      await app.ok("mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }", {
        i: { organizationId: orgId, name: "Huge", address: "huge@acme.test" },
      })
    ).createGroup.id;
    const externals = Array.from({ length: 1001 }, (_, i) => ({ address: `p${i}@partner.example` }));
    await app.ok("mutation($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { id } }", { g: group, m: externals.slice(0, 1000) });
    await app.ok("mutation($g: ID!, $m: [GroupMemberInput!]!) { addGroupMembers(groupId: $g, members: $m) { id } }", { g: group, m: externals.slice(1000) });
    const huge = await postmapOne(config.dir, port, "virtual_alias_maps", "huge@acme.test");
    expect([huge.code, huge.stdout]).toEqual([1, ""]);
    expect(huge.stderr).toContain("socketmap server temporary error: group huge@acme.test expands to more than 1000 recipients");
    expect(huge.stderr).toContain("query error");
    expect(logs).toEqual([
      `group ${group} (huge@acme.test) cannot be expanded for Postfix: more than 1000 recipients (Postfix's virtual_alias_expansion_limit); answered TEMP`,
    ]);
    const miss = await postmapOne(config.dir, port, "virtual_alias_maps", "nobody@acme.test");
    expect(miss).toEqual({ code: 1, stdout: "", stderr: "" });
    const unknown = await postmapOne(config.dir, port, "transport_maps", "ann@acme.test");
    expect(unknown.stderr).toContain("socketmap server permanent error: unknown map");
    const found = await postmapOne(config.dir, port, "virtual_alias_maps", "Ann.Alias@acme.test");
    expect(found).toEqual({ code: 0, stdout: "ann@acme.test\n", stderr: "" });
  });
});
