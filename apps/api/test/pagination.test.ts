import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";

const ACCOUNTS = `query($first: Int, $after: String, $status: AccountStatus) {
  accounts(first: $first, after: $after, status: $status) { totalCount edges { cursor node { id displayName } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
}`;
const AUDIT = `query($first: Int, $after: String, $action: String, $o: ID) {
  auditEvents(organizationId: $o, first: $first, after: $after, action: $action) { totalCount edges { cursor node { id action targetId } } pageInfo { hasNextPage endCursor } }
}`;
const ORGS =
  "query($first: Int, $after: String) { organizations(first: $first, after: $after) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";
const UPDATE_ACCOUNT = "mutation($id: ID!, $n: String!) { updateAccount(id: $id, input: { displayName: $n }) { id } }";

interface Edge<N> {
  cursor: string;
  node: N;
}
interface Connection<N> {
  totalCount: number;
  edges: Edge<N>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage?: boolean; startCursor?: string | null; endCursor: string | null };
}

// Names that collate differently on SQLite (binary) and MySQL (utf8mb4_unicode_ci:
// case- and accent-insensitive), each used three times so that ties are broken by id.
const NAMES = [
  "alice",
  "Alice",
  "ALICE",
  "Émile",
  "emile",
  "Bob",
  "bob",
  "Carol",
  "Dan",
  "Zoë",
  "zoe",
  "Ünal",
  "Unal",
  "Member 1",
  "Member 10",
  "Member 2",
  "O'Brien",
  "van Dyke",
  "Van Dyke",
  "Yara",
];

/** A fixed shuffle, so the creation order (and so the ids' order) is unrelated to the names' order. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 42;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A name that sorts after every other name in the test and after the previous
 * one, on both dialects: Greek letters follow Latin ones (accented too) in
 * binary UTF-8 and in the Unicode collation; the number is zero-padded.
 */
function lastOfAll(n: number): string {
  return `Ω ${String(n).padStart(3, "0")}`;
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

describe.each(dialects())("pagination under concurrent inserts (%s)", (dialect) => {
  const app = useTestApp(dialect);

  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const rows: { n: number | string }[] = await app.db.manager.query(sql, params);
    return Number(rows[0].n);
  }

  describe("accounts()", () => {
    let acme: { orgId: string; adminId: string; adminToken: string; domain: string };
    let serial = 0;

    async function addAccount(displayName: string, extra: Record<string, unknown> = {}): Promise<string> {
      serial += 1;
      return app.createAccount(acme.orgId, { displayName, primaryAddress: `user${serial}@acme.example`, ...extra }, acme.adminToken);
    }

    beforeEach(async () => {
      serial = 0;
      acme = await app.orgWithAdmin("Acme", "acme.example");
      for (const name of shuffled([...NAMES, ...NAMES, ...NAMES])) await addAccount(name);
    });

    async function page(first: number, after: string | null, status?: string): Promise<Connection<{ id: string; displayName: string }>> {
      return (await app.ok(ACCOUNTS, { first, after, status }, acme.adminToken)).accounts;
    }

    it("walks every account exactly once while accounts are added before, at and after the cursor", async () => {
      const existing = (await page(100, null)).edges.map((e) => e.node.id);
      expect(existing).toHaveLength(61);
      expect(await count("SELECT COUNT(*) AS n FROM account")).toBe(61);

      const seen: string[] = [];
      const addedBefore: string[] = [];
      const addedAfter: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const current = await page(7, after);
        pages += 1;
        expect(current.edges.length).toBeLessThanOrEqual(7);
        expect(current.pageInfo.endCursor).toBe(current.edges[current.edges.length - 1]?.cursor ?? null);
        seen.push(...current.edges.map((e) => e.node.id));
        if (!current.pageInfo.hasNextPage) break;
        expect(current.edges).toHaveLength(7);
        after = current.pageInfo.endCursor;

        const last = current.edges[current.edges.length - 1].node.displayName;
        // Strictly before the cursor: must never show up later in this walk.
        addedBefore.push(await addAccount(`!${pages} first of all`));
        addedBefore.push(await addAccount(last.slice(0, -1) || "!"));
        // Strictly after the cursor: must show up exactly once.
        addedAfter.push(await addAccount(`${last} ${pages}`));
        addedAfter.push(await addAccount(lastOfAll(pages)));
        // Same name as the cursor row: before or after it depending on its id; never twice.
        await addAccount(last);
        expect(pages).toBeLessThan(60);
      }

      expect(duplicates(seen)).toEqual([]);
      expect(existing.filter((id) => !seen.includes(id))).toEqual([]);
      expect(addedAfter.filter((id) => !seen.includes(id))).toEqual([]);
      expect(addedBefore.filter((id) => seen.includes(id))).toEqual([]);
      expect(addedBefore.length).toBeGreaterThanOrEqual(16);

      // A fresh walk afterwards sees every account, and the total agrees.
      const all: string[] = [];
      let cursor: string | null = null;
      let total = 0;
      do {
        const current: Connection<{ id: string; displayName: string }> = await page(13, cursor);
        all.push(...current.edges.map((e) => e.node.id));
        total = current.totalCount;
        cursor = current.pageInfo.hasNextPage ? current.pageInfo.endCursor : null;
      } while (cursor);
      expect(duplicates(all)).toEqual([]);
      expect(all).toHaveLength(await count("SELECT COUNT(*) AS n FROM account"));
      expect(total).toBe(all.length);
    });

    it("gives the same order page by page as in one page", async () => {
      const whole = (await page(100, null)).edges.map((e) => e.node.id);
      const paged: string[] = [];
      let after: string | null = null;
      for (;;) {
        const current = await page(4, after);
        paged.push(...current.edges.map((e) => e.node.id));
        if (!current.pageInfo.hasNextPage) break;
        after = current.pageInfo.endCursor;
      }
      expect(paged).toEqual(whole);
    });

    it("keeps a filtered walk complete while matching and non-matching accounts are added", async () => {
      const others = (await page(100, null)).edges.map((e) => e.node.id).filter((id) => id !== acme.adminId);
      const disabled = others.filter((_, i) => i % 3 === 0);
      for (const id of disabled) await app.ok("mutation($id: ID!) { disableAccount(id: $id) { id } }", { id }, acme.adminToken);
      const active = (await page(100, null, "ACTIVE")).edges.map((e) => e.node.id);
      expect(active).toHaveLength(61 - disabled.length);

      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; ; i++) {
        const current = await page(5, after, "ACTIVE");
        expect(current.edges.every((e) => !disabled.includes(e.node.id))).toBe(true);
        seen.push(...current.edges.map((e) => e.node.id));
        if (!current.pageInfo.hasNextPage) break;
        after = current.pageInfo.endCursor;
        await addAccount(`!early ${i}`);
        const late = await addAccount(`zzz late ${i}`);
        await app.ok("mutation($id: ID!) { disableAccount(id: $id) { id } }", { id: late }, acme.adminToken);
      }
      expect(duplicates(seen)).toEqual([]);
      expect(active.filter((id) => !seen.includes(id))).toEqual([]);
    });

    it("answers the page after the last one with an empty page", async () => {
      const whole = await page(100, null);
      const end = await page(5, whole.pageInfo.endCursor);
      expect(end.edges).toEqual([]);
      expect(end.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
      expect(end.totalCount).toBe(61);
    });
  });

  describe("auditEvents()", () => {
    async function page(
      orgId: string,
      first: number,
      after: string | null,
      action?: string,
    ): Promise<Connection<{ id: string; action: string; targetId: string | null }>> {
      return (await app.ok(AUDIT, { o: orgId, first, after, action })).auditEvents;
    }

    it("walks the trail newest first, without repeats or losses, while new events are written", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push(await app.createAccount(acme.orgId, { displayName: `Person ${i}`, primaryAddress: `p${i}@acme.example` }));
      const existing = (await page(acme.orgId, 100, null)).edges.map((e) => e.node.id);
      // organization.create, domain.add, domain.verify, the admin and 30 accounts.
      expect(existing).toHaveLength(34);
      expect(await count("SELECT COUNT(*) AS n FROM audit_event WHERE organization_id = ?", [acme.orgId])).toBe(34);

      const seen: string[] = [];
      let after: string | null = null;
      let n = 0;
      for (;;) {
        const current = await page(acme.orgId, 7, after);
        seen.push(...current.edges.map((e) => e.node.id));
        if (!current.pageInfo.hasNextPage) break;
        after = current.pageInfo.endCursor;
        // New events between fetches: creations and renames.
        ids.push(await app.createAccount(acme.orgId, { displayName: `Late ${n}`, primaryAddress: `late${n}@acme.example` }));
        await app.ok(UPDATE_ACCOUNT, { id: ids[n], n: `Renamed ${n}` });
        n += 1;
        expect(n).toBeLessThan(40);
      }

      expect(duplicates(seen)).toEqual([]);
      expect(seen).toEqual(existing);
      const numeric = seen.map(Number);
      expect(numeric).toEqual([...numeric].sort((a, b) => b - a));
      expect(n).toBe(4);

      // The events written during the walk are all there for the next reader, newest first.
      const fresh = await page(acme.orgId, 100, null);
      expect(fresh.totalCount).toBe(34 + 2 * n);
      expect(fresh.edges.slice(0, 2).map((e) => e.node.action)).toEqual(["account.update", "account.create"]);
      expect(fresh.edges.slice(2 * n).map((e) => e.node.id)).toEqual(existing);
    });

    it("walks a filtered trail (one action) without repeats or losses", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.example");
      const created: string[] = [];
      for (let i = 0; i < 12; i++) created.push(await app.createAccount(acme.orgId, { displayName: `Person ${i}`, primaryAddress: `p${i}@acme.example` }));
      for (let i = 0; i < 12; i += 2) await app.ok(UPDATE_ACCOUNT, { id: created[i], n: `Renamed ${i}` });
      const existing = (await page(acme.orgId, 100, null, "account.update")).edges.map((e) => e.node.targetId);
      expect(existing).toEqual([10, 8, 6, 4, 2, 0].map((i) => created[i]));

      const seen: (string | null)[] = [];
      let after: string | null = null;
      for (let i = 0; ; i++) {
        const current = await page(acme.orgId, 2, after, "account.update");
        expect(current.totalCount).toBe(6 + i);
        seen.push(...current.edges.map((e) => e.node.targetId));
        if (!current.pageInfo.hasNextPage) break;
        after = current.pageInfo.endCursor;
        await app.ok(UPDATE_ACCOUNT, { id: created[1], n: `Again ${i}` });
      }
      expect(seen).toEqual(existing);
    });

    it("refuses malformed cursors and page sizes with BAD_USER_INPUT", async () => {
      const orgId = await app.createOrg("Acme");
      const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString("base64url");
      for (const after of ["garbage", "!!!!", cursorOf(["1", "2"]), cursorOf([]), cursorOf({ id: 1 })]) {
        expect([after, await app.code(AUDIT, { o: orgId, first: 5, after })]).toEqual([after, "BAD_USER_INPUT"]);
      }
      for (const first of [0, -5, 101]) {
        expect([first, await app.code(AUDIT, { o: orgId, first })]).toEqual([first, "BAD_USER_INPUT"]);
      }
    });

    it("refuses a well-formed cursor that holds no event id with BAD_USER_INPUT", async () => {
      const orgId = await app.createOrg("Acme");
      const after = Buffer.from(JSON.stringify(["not-a-number"])).toString("base64url");
      expect(await app.code(AUDIT, { o: orgId, first: 5, after })).toBe("BAD_USER_INPUT");
    });
  });

  describe("organizations()", () => {
    const ORG_NAMES = [
      "acme",
      "Acme",
      "ACME",
      "Émile & Co",
      "emile & co",
      "Globex",
      "globex",
      "Initech",
      "Umbrella",
      "Ünicorn",
      "Unicorn",
      "Wayne",
      "Zeta",
      "Stark",
      "stark",
      "Hooli",
      "Pied Piper",
      "Aperture",
      "Black Mesa",
      "Cyberdyne",
      "Tyrell",
      "Wonka",
      "Soylent",
      "Oscorp",
      "Vandelay",
    ];

    async function page(first: number, after: string | null, token = app.operatorToken): Promise<Connection<{ id: string; name: string }>> {
      return (await app.ok(ORGS, { first, after }, token)).organizations;
    }

    it("lets the operator walk every organization exactly once while organizations are created", async () => {
      for (const name of shuffled(ORG_NAMES)) await app.createOrg(name);
      const existing = (await page(100, null)).edges.map((e) => e.node.id);
      expect(existing).toHaveLength(25);

      const seen: string[] = [];
      const addedBefore: string[] = [];
      const addedAfter: string[] = [];
      let after: string | null = null;
      for (let i = 0; ; i++) {
        const current = await page(4, after);
        expect(current.pageInfo.hasPreviousPage).toBe(false);
        expect(current.pageInfo.startCursor).toBe(current.edges[0]?.cursor ?? null);
        expect(current.pageInfo.endCursor).toBe(current.edges[current.edges.length - 1]?.cursor ?? null);
        seen.push(...current.edges.map((e) => e.node.id));
        if (!current.pageInfo.hasNextPage) break;
        after = current.pageInfo.endCursor;
        const last = current.edges[current.edges.length - 1].node.name;
        addedBefore.push(await app.createOrg(`!${i} first`));
        addedAfter.push(await app.createOrg(lastOfAll(i)));
        addedAfter.push(await app.createOrg(`${last} ${i}`));
        await app.createOrg(last);
        expect(i).toBeLessThan(40);
      }
      expect(duplicates(seen)).toEqual([]);
      expect(existing.filter((id) => !seen.includes(id))).toEqual([]);
      expect(addedAfter.filter((id) => !seen.includes(id))).toEqual([]);
      expect(addedBefore.filter((id) => seen.includes(id))).toEqual([]);
      expect((await page(1, null)).totalCount).toBe(await count("SELECT COUNT(*) AS n FROM organization"));
    });

    it("shows an account only its own organization, on one page", async () => {
      for (const name of ORG_NAMES.slice(0, 6)) await app.createOrg(name);
      const acme = await app.orgWithAdmin("Zed Corp", "zed.example");
      const own = await page(2, null, acme.adminToken);
      expect(own.totalCount).toBe(1);
      expect(own.edges.map((e) => e.node)).toEqual([{ id: acme.orgId, name: "Zed Corp" }]);
      expect(own.pageInfo.hasNextPage).toBe(false);
      // A cursor from the operator's walk does not widen the view.
      const operatorFirst = await page(1, null);
      const next = await page(5, operatorFirst.pageInfo.endCursor, acme.adminToken);
      expect(next.edges.map((e) => e.node.id)).toEqual([acme.orgId]);
      expect(next.totalCount).toBe(1);
    });

    it("refuses out-of-range page sizes and malformed cursors with BAD_USER_INPUT", async () => {
      await app.createOrg("Acme");
      for (const first of [0, 101]) expect(await app.code(ORGS, { first, after: null })).toBe("BAD_USER_INPUT");
      for (const after of ["garbage", Buffer.from("[1]").toString("base64url")]) expect(await app.code(ORGS, { first: 5, after })).toBe("BAD_USER_INPUT");
    });
  });
});
