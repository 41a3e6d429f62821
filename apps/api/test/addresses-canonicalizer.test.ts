import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import { addAlias, addressesOf, rowCounts } from "./support/addresses";
import { AddAliasDocument, AddressAvailabilityDocument, CreateAccountDocument, ResolveDocument } from "./generated/graphql";

// Each is refused by the canonicalizer with INVALID_ADDRESS, wherever it is sent.
const REJECTED: [string, string][] = [
  ["zero-width space", "bo\u200Bb@acme.test"],
  ["bidi override", "\u202Ebob@acme.test"],
  ["full-width letters in the domain", "bob@\uFF41\uFF43\uFF4D\uFF45.test"],
  ["Latin mixed with Cyrillic in a label", "bob@p\u0430ypal.test"],
  ["quoted local part", '"bob smith"@acme.test'],
  ["IP literal", "bob@[192.0.2.1]"],
  ["bare IP address as domain", "bob@192.168.0.1"],
  ["local part over 64 octets", `${"a".repeat(65)}@acme.test`],
  ["address over 254 octets", `${"a".repeat(64)}@${`${"b".repeat(63)}.`.repeat(3)}test`],
  ["label over 63 octets", `bob@${"a".repeat(64)}.test`],
  ["double dot", "bob..smith@acme.test"],
  ["leading dot", ".bob@acme.test"],
  ["trailing dot in the domain", "bob@acme.test."],
  ["non-ASCII local part", "b\u00F8b@acme.test"],
  ["no @", "bob.acme.test"],
  ["two @", "bob@bob@acme.test"],
  ["empty local part", "@acme.test"],
  ["comment", "bob(work)@acme.test"],
  ["inner space", "bob smith@acme.test"],
  ["no-break space", "bob\u00A0@acme.test"],
  ["control character", "bob\u0000@acme.test"],
  ["soft hyphen in the domain", "bob@ac\u00ADme.test"],
  ["ideographic full stop", "bob@acme\u3002test"],
  ["invalid punycode", "bob@xn--zz.test"],
];

// Accepted spellings and their canonical (ASCII) and display (Unicode) forms.
const ACCEPTED: [string, string, string][] = [
  ["  Alice@ACME.test  ", "alice@acme.test", "alice@acme.test"],
  ["\tBob.Smith@Acme.Test\n", "bob.smith@acme.test", "bob.smith@acme.test"],
  ["O'Brien@acme.test", "o'brien@acme.test", "o'brien@acme.test"],
  ["carol@B\u00DCCHER.test", "carol@xn--bcher-kva.test", "carol@b\u00FCcher.test"],
  ["dave@xn--bcher-kva.test", "dave@xn--bcher-kva.test", "dave@b\u00FCcher.test"],
  ["Eve@XN--BCHER-KVA.TEST", "eve@xn--bcher-kva.test", "eve@b\u00FCcher.test"],
  ["info@\u4F8B\u3048.test", "info@xn--r8jz45g.test", "info@\u4F8B\u3048.test"],
  ["Ivan@\u041F\u041E\u0427\u0422\u0410.test", "ivan@xn--80a1acny.test", "ivan@\u043F\u043E\u0447\u0442\u0430.test"],
  ["first_last-2@acme.test", "first_last-2@acme.test", "first_last-2@acme.test"],
];

/** One canonicalizer for every address, whichever operation receives it. */
describe.each(dialects())("the address canonicalizer (%s)", (dialect) => {
  const app = useTestApp(dialect);
  const alias = (accountId: string, address: string, token?: string) => addAlias(app, accountId, address, token);

  describe("the canonicalizer, end to end", () => {
    it.each(REJECTED)("refuses %s with INVALID_ADDRESS everywhere and writes nothing", async (_why, input) => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      const before = await rowCounts(app);

      expect(await app.code(AddAliasDocument, { input: { accountId: bobId, address: input } }, acme.adminToken)).toBe("INVALID_ADDRESS");
      expect(await app.code(CreateAccountDocument, { input: { displayName: "New", primaryAddress: input } }, acme.adminToken)).toBe("INVALID_ADDRESS");
      expect(await app.code(ResolveDocument, { address: input }, acme.adminToken)).toBe("INVALID_ADDRESS");
      expect(await app.code(ResolveDocument, { address: input })).toBe("INVALID_ADDRESS");
      const availability = await app.request(AddressAvailabilityDocument, { address: input }, acme.adminToken);
      expect(availability.addressAvailability).toMatchObject({ address: null, unicodeAddress: null, available: false, reason: "INVALID_ADDRESS" });

      expect(await rowCounts(app)).toEqual(before);
      const account = await addressesOf(app, bobId, acme.adminToken);
      expect(account.addresses).toEqual([{ address: "bob@acme.test", kind: "PRIMARY" }]);
    });

    it("reserves '+' for sub-addressing on the organization's own domains", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      const bobId = await app.createAccount(acme.orgId, { primaryAddress: "bob@acme.test" });
      const before = await rowCounts(app);
      expect(await app.code(AddAliasDocument, { input: { accountId: bobId, address: "bob+news@acme.test" } }, acme.adminToken)).toBe("INVALID_ADDRESS");
      expect(await app.code(CreateAccountDocument, { input: { displayName: "Plus", primaryAddress: "plus+one@acme.test" } }, acme.adminToken)).toBe(
        "INVALID_ADDRESS",
      );
      expect((await app.request(AddressAvailabilityDocument, { address: "new+tag@acme.test" }, acme.adminToken)).addressAvailability).toMatchObject({
        available: false,
        reason: "INVALID_ADDRESS",
      });
      expect(await rowCounts(app)).toEqual(before);
    });

    it("stores every accepted spelling in canonical form and shows the domain in Unicode", async () => {
      const acme = await app.orgWithAdmin("Acme", "acme.test");
      expect((await app.verifiedDomain(acme.orgId, "b\u00FCcher.test")).name).toBe("xn--bcher-kva.test");
      expect((await app.verifiedDomain(acme.orgId, "\u4F8B\u3048.test")).name).toBe("xn--r8jz45g.test");
      expect((await app.verifiedDomain(acme.orgId, "\u043F\u043E\u0447\u0442\u0430.test")).name).toBe("xn--80a1acny.test");
      const ownerId = await app.createAccount(acme.orgId, { primaryAddress: "owner@acme.test" });

      for (const [input, ascii, unicode] of ACCEPTED) {
        const added = await alias(ownerId, input, acme.adminToken);
        expect({ input, address: added.address, unicodeAddress: added.unicodeAddress, kind: added.kind, status: added.status }).toEqual({
          input,
          address: ascii,
          unicodeAddress: unicode,
          kind: "ALIAS",
          status: "ACTIVE",
        });
        const rows: { address: string; domain: string }[] = await app.db.manager.query("SELECT address, domain FROM address WHERE id = ?", [added.id]);
        expect(rows).toEqual([{ address: ascii, domain: ascii.slice(ascii.indexOf("@") + 1) }]);
        const resolved = (await app.request(ResolveDocument, { address: input }, acme.adminToken)).resolveAddress!;
        expect(resolved).toMatchObject({ address: ascii, unicodeAddress: unicode, kind: "ALIAS", deliverTo: ["owner@acme.test"] });
      }

      // A primary address goes through the same canonicalizer.
      const created = (await app.request(CreateAccountDocument, { input: { displayName: "Zoe", primaryAddress: " ZOE@B\u00DCCHER.TEST " } }, acme.adminToken))
        .createAccount;
      expect(created.primaryAddress).toEqual({
        id: expect.any(String),
        address: "zoe@xn--bcher-kva.test",
        unicodeAddress: "zoe@b\u00FCcher.test",
        kind: "PRIMARY",
        status: "ACTIVE",
      });
      // Every other spelling of a stored address is the same address.
      expect(await app.code(AddAliasDocument, { input: { accountId: ownerId, address: "Zoe@xn--BCHER-kva.test" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
      expect(await app.code(AddAliasDocument, { input: { accountId: ownerId, address: "CAROL@b\u00FCcher.TEST" } }, acme.adminToken)).toBe("ADDRESS_TAKEN");
    });
  });
});
