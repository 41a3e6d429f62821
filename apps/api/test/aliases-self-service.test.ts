import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import { DAY, linksIn, PUBLIC_URL, tokenOfLink, useAliasMail } from "./support/alias-mail";
import { AccountAliasesDocument, ConfirmAliasDocument, OutboxDocument, RequestAliasDocument, ResolveDocument } from "./generated/graphql";

/** A professional adds a personal alias: the mail to the address, the click that confirms it, and the outbox without SMTP. */
describe.each(dialects())("alias self-service (%s)", (dialect) => {
  const { app, sink, count, claim, account, resolve, tokenOf, world } = useAliasMail(dialect);

  describe("the self-service flow", () => {
    it("confirms a professional's alias on a public mail provider through the mailed link, without signing in", async () => {
      const { bobId, bob } = await world();
      const data = await app.request(RequestAliasDocument, { input: { accountId: bobId, address: "  Bob.Private@GMAIL.com " } }, bob);
      expect(data.requestAlias.alias).toBeNull();
      const pending = data.requestAlias.claim!;
      expect(pending).toMatchObject({
        address: "bob.private@gmail.com",
        unicodeAddress: "bob.private@gmail.com",
        requestedBy: "bob@acme.test",
        account: { id: bobId },
      });
      expect(Date.parse(pending.expiresAt) - Date.parse(pending.createdAt)).toBe(DAY);

      // Exactly one message, to the alias address.
      expect(sink.messages).toHaveLength(1);
      const message = await sink.next("bob.private@gmail.com");
      expect(message.envelopeTo).toEqual(["bob.private@gmail.com"]);
      expect(message.envelopeFrom).toBe("postroom@postroom.test");
      expect(message.from).toBe('"Postroom" <postroom@postroom.test>');
      expect(message.subject).toBe("Confirm bob.private@gmail.com as an alias of bob@acme.test");
      expect(message.contentType).toBe("multipart/alternative");
      expect(message.raw).toMatch(/Content-Type: text\/plain/);
      expect(message.raw).toMatch(/Content-Type: text\/html/);

      // Who asked, for which account of which organization, and what not clicking means.
      const text = message.text as string;
      expect(text).toContain("Acme Widgets asked to add bob.private@gmail.com as an alias of the account");
      expect(text).toContain("Bob Builder <bob@acme.test>.");
      expect(text).toContain("If you did not ask for this, ignore this message: nothing changes");
      expect(text).toContain("address stays unlinked.");
      const html = message.html as string;
      expect(html).toContain("Acme Widgets asked to add <strong>bob.private@gmail.com</strong> as an alias of the account Bob Builder &lt;bob@acme.test&gt;.");
      expect(html).toContain("If you did not ask for this, ignore this message: nothing changes and this address stays unlinked.");

      // No images, no tracking: the confirmation link is the only URL in either part.
      const token = tokenOf(message);
      const link = `${PUBLIC_URL}/confirm-alias#t=${token}`;
      expect(message.attachments).toBe(0);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/\bsrc\s*=/i);
      expect(html).not.toMatch(/url\(/i);
      expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual([link]);
      expect(new Set(html.match(/https?:\/\/[^\s"<>]+/g))).toEqual(new Set([link]));
      expect(new Set(text.match(/https?:\/\/\S+/g))).toEqual(new Set([link]));

      // A pending claim is visible to its account and routes nowhere.
      expect(await account(bobId, bob)).toEqual({
        id: bobId,
        aliases: [],
        pendingAliasClaims: [{ id: pending.id, address: "bob.private@gmail.com", unicodeAddress: "bob.private@gmail.com", requestedBy: "bob@acme.test" }],
      });
      expect(await resolve("bob.private@gmail.com")).toBeNull();

      // The owner of the address clicks: no session needed.
      const confirmed = (await app.request(ConfirmAliasDocument, { token }, null)).confirmAlias;
      // Whoever holds the link learns the address and its status, nothing of the account.
      expect(confirmed).toEqual({ address: "bob.private@gmail.com", unicodeAddress: "bob.private@gmail.com", status: "ACTIVE" });

      expect(await resolve("bob.private@gmail.com")).toMatchObject({
        address: "bob.private@gmail.com",
        unicodeAddress: "bob.private@gmail.com",
        kind: "ALIAS",
        status: "ACTIVE",
        account: { id: bobId, displayName: "Bob Builder" },
        deliverTo: ["bob@acme.test"],
        trace: [
          { kind: "ADDRESS", from: "bob.private@gmail.com", to: "Bob Builder" },
          { kind: "MAILBOX", from: "Bob Builder", to: "bob@acme.test" },
        ],
      });
      expect(await account(bobId, bob)).toEqual({
        id: bobId,
        aliases: [{ id: expect.any(String), address: "bob.private@gmail.com", kind: "ALIAS", status: "ACTIVE" }],
        pendingAliasClaims: [],
      });
      expect(sink.messages).toHaveLength(1);
      expect(await count("alias_claim", "used_at IS NOT NULL")).toBe(1);
    });

    it("mails an address on a domain nobody owns, shown in Unicode, and escapes names in the HTML part", async () => {
      const orgId = await app.createOrg("Smith & Jones <Partners>");
      await app.verifiedDomain(orgId, "sj.test");
      const id = await app.createAccount(orgId, {
        displayName: 'Ann "<b>Boss</b>"',
        primaryAddress: "ann@sj.test",
        profile: "PROFESSIONAL",
        password: "ann-password-1",
      });
      const ann = await app.login("ann@sj.test", "ann-password-1");
      const { claim: pending, message, token } = await claim(id, "Ann@Bücher.test", ann);
      expect(pending).toMatchObject({ address: "ann@xn--bcher-kva.test", unicodeAddress: "ann@bücher.test" });
      expect(message.envelopeTo).toEqual(["ann@xn--bcher-kva.test"]);
      expect(message.subject).toBe("Confirm ann@bücher.test as an alias of ann@sj.test");
      expect(message.text).toContain('Smith & Jones <Partners> asked to add ann@bücher.test as an alias of the account\nAnn "<b>Boss</b>" <ann@sj.test>.');
      expect(message.html).toContain(
        "Smith &amp; Jones &lt;Partners&gt; asked to add <strong>ann@bücher.test</strong> as an alias of the account Ann &quot;&lt;b&gt;Boss&lt;/b&gt;&quot; &lt;ann@sj.test&gt;.",
      );
      expect(message.html).not.toContain("<b>");
      expect(sink.messages).toHaveLength(1);

      const confirmed = (await app.request(ConfirmAliasDocument, { token }, null)).confirmAlias;
      expect(confirmed).toEqual({ address: "ann@xn--bcher-kva.test", unicodeAddress: "ann@bücher.test", status: "ACTIVE" });
      expect((await resolve("ANN@bücher.TEST"))?.deliverTo).toEqual(["ann@sj.test"]);
    });
  });

  describe("without SMTP_URL (the embedded outbox)", () => {
    const embedded = useTestApp(dialect);

    it("keeps the message for operators, whose link completes the flow", async () => {
      const acme = await embedded.orgWithAdmin("Acme Widgets", "acme.test");
      const bobId = await embedded.createAccount(acme.orgId, {
        displayName: "Bob Builder",
        primaryAddress: "bob@acme.test",
        profile: "PROFESSIONAL",
        password: "bob-password-1",
      });
      const bob = await embedded.login("bob@acme.test", "bob-password-1");
      const requested = (await embedded.request(RequestAliasDocument, { input: { accountId: bobId, address: "bob.private@gmail.com" } }, bob)).requestAlias;
      expect(requested.alias).toBeNull();
      expect(requested.claim?.address).toBe("bob.private@gmail.com");

      const outbox = (await embedded.request(OutboxDocument, { first: 10 })).outbox;
      expect(outbox.totalCount).toBe(1);
      const kept = outbox.edges[0].node;
      expect(kept).toMatchObject({ recipient: "bob.private@gmail.com", subject: "Confirm bob.private@gmail.com as an alias of bob@acme.test" });
      expect(kept.textBody).toContain("Bob Builder <bob@acme.test>.");
      expect(kept.htmlBody).not.toMatch(/<img/i);
      const links = linksIn(kept.textBody);
      expect(links).toHaveLength(1);
      expect(linksIn(kept.htmlBody)).toEqual(links);
      expect(sink.messages).toEqual([]);

      const token = tokenOfLink(links[0]);
      expect((await embedded.request(ConfirmAliasDocument, { token }, null)).confirmAlias).toEqual({
        address: "bob.private@gmail.com",
        unicodeAddress: "bob.private@gmail.com",
        status: "ACTIVE",
      });
      expect((await embedded.request(ResolveDocument, { address: "bob.private@gmail.com" })).resolveAddress?.deliverTo).toEqual(["bob@acme.test"]);
      expect((await embedded.request(AccountAliasesDocument, { id: bobId }, bob)).account.pendingAliasClaims).toEqual([]);
    });

    it("shows the outbox to operators only", async () => {
      const acme = await embedded.orgWithAdmin("Acme Widgets", "acme.test");
      const bobId = await embedded.createAccount(acme.orgId, {
        displayName: "Bob Builder",
        primaryAddress: "bob@acme.test",
        profile: "PROFESSIONAL",
        password: "bob-password-1",
      });
      const bob = await embedded.login("bob@acme.test", "bob-password-1");
      await embedded.request(RequestAliasDocument, { input: { accountId: bobId, address: "bob.private@gmail.com" } }, bob);
      for (const token of [acme.adminToken, bob]) {
        const res = await embedded.gql(OutboxDocument, { first: 10 }, token);
        expect(res.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
        expect(res.data).toBeUndefined();
        expect(res.body).not.toContain("confirm-alias");
      }
      expect(await embedded.code(OutboxDocument, { first: 10 }, null)).toBe("UNAUTHENTICATED");
      expect((await embedded.request(OutboxDocument, { first: 10 })).outbox.edges.map((e) => e.node.recipient)).toEqual(["bob.private@gmail.com"]);
    });
  });
});
