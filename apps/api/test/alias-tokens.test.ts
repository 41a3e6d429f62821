import { randomBytes } from "node:crypto";
import type { GqlError } from "./support/harness";
import { dialects } from "./support/databases";
import { DAY, linksIn, MINUTE, PUBLIC_URL, sha256, useAliasMail } from "./support/alias-mail";
import { CancelAliasClaimDocument, ConfirmAliasDocument, ResendAliasConfirmationDocument } from "./generated/graphql";

/** Confirmation tokens: used once, only by POST, stored hashed, and every bad token answered alike. */
describe.each(dialects())("alias confirmation tokens (%s)", (dialect) => {
  const { app, sink, count, aliasRows, query, state, claim, account, resolve, refuse, tokenOf, world } = useAliasMail(dialect);

  it("lets exactly one of 20 simultaneous confirmations with the same token through", async () => {
    const { bobId, bob } = await world();
    const pending = await claim(bobId, "bob.race@gmail.com", bob);
    const responses = await Promise.all(Array.from({ length: 20 }, () => app.gql(ConfirmAliasDocument, { token: pending.token }, null)));

    expect(responses.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
    const wins = responses.filter((r) => !r.errors && r.data?.confirmAlias);
    const losses = responses.filter((r) => r.errors);
    expect(wins).toHaveLength(1);
    expect(wins[0].data?.confirmAlias).toEqual({ address: "bob.race@gmail.com", unicodeAddress: "bob.race@gmail.com", status: "ACTIVE" });
    expect(losses).toHaveLength(19);
    expect(losses.map((r) => r.errors?.map((e) => e.extensions?.code))).toEqual(Array.from({ length: 19 }, () => ["INVALID_TOKEN"]));
    expect(await aliasRows("bob.race@gmail.com")).toBe(1);
    expect(await count("audit_event", "action = 'alias.confirm'")).toBe(1);
  });

  it("never consumes a token on GET: the link carries it in the fragment and only a POST confirms", async () => {
    const { bobId, bob } = await world();
    const pending = await claim(bobId, "bob.private@gmail.com", bob);
    expect(linksIn(pending.message.text ?? "")).toEqual([`${PUBLIC_URL}/confirm-alias#t=${pending.token}`]);
    const before = await state();
    const url = `${app.url}?query=${encodeURIComponent(`mutation { confirmAlias(token: "${pending.token}") { address } }`)}`;
    // A mail scanner's plain GET, and one that passes Apollo's CSRF check.
    const plain = await fetch(url);
    const preflighted = await fetch(url, { headers: { "apollo-require-preflight": "true" } });
    expect(plain.status).toBe(400);
    expect(preflighted.status).toBe(405);
    expect(await preflighted.text()).toContain("GET requests only support query operations");
    expect(await state()).toEqual(before);
    expect((await app.request(ConfirmAliasDocument, { token: pending.token }, null)).confirmAlias.address).toBe("bob.private@gmail.com");
  });

  it("stores only the SHA-256 of confirmation tokens", async () => {
    const { bobId, bob } = await world();
    const pending = await claim(bobId, "bob.private@gmail.com", bob);
    const resent = await app.request(ResendAliasConfirmationDocument, { claimId: pending.claim.id }, bob);
    expect(resent.resendAliasConfirmation.id).toBe(pending.claim.id);
    const fresh = tokenOf(await sink.next("bob.private@gmail.com"));

    const rows = await query<{ token_hash: string }>("SELECT token_hash FROM alias_claim");
    expect(rows).toEqual([{ token_hash: sha256(fresh) }]);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toBe(fresh);

    const tables =
      app.dialect === "sqlite"
        ? await query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        : await query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()");
    const names = tables.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["alias_claim", "address", "audit_event", "outbox_message", "session"]));
    const holding = async (needle: string) => {
      const found: string[] = [];
      for (const name of names) {
        if (JSON.stringify(await query(`SELECT * FROM ${name}`)).includes(needle)) found.push(name);
      }
      return found;
    };
    expect(await holding(sha256(fresh))).toEqual(["alias_claim"]);
    expect(await holding(fresh)).toEqual([]);
    expect(await holding(pending.token)).toEqual([]);

    await app.request(ConfirmAliasDocument, { token: fresh }, null);
    expect(await holding(fresh)).toEqual([]);
  });

  describe("refusals", () => {
    it("answers INVALID_TOKEN, with one message, to reused, expired, superseded, cancelled and guessed tokens", async () => {
      const { bobId, bob } = await world();

      // Reused.
      const used = await claim(bobId, "bob.one@gmail.com", bob);
      await app.request(ConfirmAliasDocument, { token: used.token }, null);
      const reused = await refuse(ConfirmAliasDocument, { token: used.token }, null, "INVALID_TOKEN");
      expect(reused.message).toMatch(/invalid|expired/i);
      expect(await aliasRows("bob.one@gmail.com")).toBe(1);

      // Superseded: asking again for the same address replaces the token.
      const first = await claim(bobId, "bob.two@gmail.com", bob);
      const second = await claim(bobId, "bob.two@gmail.com", bob);
      expect(second.claim.id).toBe(first.claim.id);
      expect(second.token).not.toBe(first.token);
      expect(await count("alias_claim", "address = 'bob.two@gmail.com'")).toBe(1);
      const superseded = await refuse(ConfirmAliasDocument, { token: first.token }, null, "INVALID_TOKEN");
      expect((await app.request(ConfirmAliasDocument, { token: second.token }, null)).confirmAlias.address).toBe("bob.two@gmail.com");

      // Cancelled.
      const withdrawn = await claim(bobId, "bob.three@gmail.com", bob);
      await app.request(CancelAliasClaimDocument, { claimId: withdrawn.claim.id }, bob);
      const cancelled = await refuse(ConfirmAliasDocument, { token: withdrawn.token }, null, "INVALID_TOKEN");

      // Guessed, by someone not signed in and by a signed-in account.
      const guesses = [
        randomBytes(32).toString("base64url"),
        "",
        "garbage",
        "x".repeat(43),
        `${randomBytes(32).toString("base64url")}=`,
        "' OR '1'='1",
        "é".repeat(43),
        "a".repeat(5000),
        used.token.toUpperCase(),
      ];
      const guessed: GqlError[] = [];
      for (const guess of guesses) guessed.push(await refuse(ConfirmAliasDocument, { token: guess }, null, "INVALID_TOKEN"));
      guessed.push(await refuse(ConfirmAliasDocument, { token: randomBytes(32).toString("base64url") }, bob, "INVALID_TOKEN"));

      expect(new Set([reused, superseded, cancelled, ...guessed].map((e) => e.message))).toEqual(new Set([reused.message]));
      expect(await count("address", "kind = 'ALIAS'")).toBe(2);
    });

    it("answers INVALID_TOKEN once the link is older than 24 hours, and hides the expired claim", async () => {
      const { bobId, bob } = await world();
      const early = await claim(bobId, "bob.early@gmail.com", bob);
      const late = await claim(bobId, "bob.late@gmail.com", bob);

      app.clock.offsetMs = DAY - MINUTE;
      expect((await app.request(ConfirmAliasDocument, { token: early.token }, null)).confirmAlias.address).toBe("bob.early@gmail.com");

      app.clock.offsetMs = DAY + MINUTE;
      const expired = await refuse(ConfirmAliasDocument, { token: late.token }, null, "INVALID_TOKEN");
      expect(expired.message).toMatch(/expired/i);
      const guessed = await refuse(ConfirmAliasDocument, { token: randomBytes(32).toString("base64url") }, null, "INVALID_TOKEN");
      expect(expired.message).toBe(guessed.message);
      expect(await aliasRows("bob.late@gmail.com")).toBe(0);
      expect(await resolve("bob.late@gmail.com")).toBeNull();
      expect(await account(bobId, bob)).toMatchObject({ aliases: [{ address: "bob.early@gmail.com" }], pendingAliasClaims: [] });
    });
  });
});
