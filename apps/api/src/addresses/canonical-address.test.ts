import { InvalidAddressError } from "../errors";
import { canonicalizeAddress, canonicalizeDomain, isValidAddress } from "./canonical-address";

const local64 = "a".repeat(64);
const label63 = "l".repeat(63);
// 64 + "@" + 63 + "." + 63 + "." + 57 + ".com" = 254 octets.
const domain189 = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(57)}.com`;
const domain190 = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(58)}.com`;
const domain254 = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(58)}.com`;

interface Rejected {
  input: string;
  reason: string;
  /** A fragment of the message, to prove the error names the real problem. */
  message: string;
}

const rejected: Rejected[] = [
  // Structure
  { input: "", reason: "empty string", message: "Enter an email address" },
  { input: "   ", reason: "only spaces", message: "Enter an email address" },
  { input: "@", reason: "lone @", message: 'before the "@" is empty' },
  { input: "a@", reason: "empty domain", message: 'after the "@" is empty' },
  { input: "@b.com", reason: "empty local part", message: 'before the "@" is empty' },
  { input: "bob.acme.com", reason: "missing @", message: 'no "@"' },
  { input: "a@b@c.com", reason: "two @", message: 'more than one "@"' },
  { input: "a@@b.com", reason: "doubled @", message: 'more than one "@"' },
  // Quoting, comments, IP literals
  { input: '"john doe"@x.com', reason: "quoted local part with space", message: "Quoted local parts" },
  { input: '"john"@x.com', reason: "quoted local part", message: "Quoted local parts" },
  { input: "john(comment)@x.com", reason: "comment in local part", message: "Comments" },
  { input: "john@(comment)x.com", reason: "comment in domain", message: "Comments" },
  { input: "x@[1.2.3.4]", reason: "IPv4 literal", message: "IP address literals" },
  { input: "x@[IPv6:::1]", reason: "IPv6 literal", message: "IP address literals" },
  { input: "x@1.2.3.4", reason: "bare IPv4 domain", message: "IP addresses are not accepted" },
  { input: "x@192.168.0.1", reason: "bare private IPv4 domain", message: "IP addresses are not accepted" },
  // Lengths
  { input: `${"a".repeat(65)}@acme.com`, reason: "65-octet local part", message: "65 characters long; the limit is 64" },
  { input: `x@${"l".repeat(64)}.com`, reason: "64-octet label", message: "64 characters long in its ASCII form; the limit is 63" },
  { input: `${local64}@${domain190}`, reason: "255-octet address", message: "255 characters long; the limit is 254" },
  { input: `x@${domain254}`, reason: "254-octet domain", message: "254 characters long in its ASCII form; the limit is 253" },
  // Dots
  { input: ".bob@acme.com", reason: "leading dot in local part", message: "must not start with a dot" },
  { input: "bob.@acme.com", reason: "trailing dot in local part", message: "must not end with a dot" },
  { input: "bo..b@acme.com", reason: "double dot in local part", message: "two dots in a row" },
  { input: "bob@.acme.com", reason: "leading dot in domain", message: "domain must not start with a dot" },
  { input: "bob@acme.com.", reason: "trailing dot in domain", message: "domain must not end with a dot" },
  { input: "bob@acme..com", reason: "double dot in domain", message: "two dots in a row" },
  // Whitespace and control characters
  { input: "bob smith@acme.com", reason: "space inside local part", message: "whitespace; found U+0020" },
  { input: "bob@ac me.com", reason: "space inside domain", message: "whitespace; found U+0020" },
  { input: "bob\t@acme.com", reason: "tab inside", message: "U+0009 (tab)" },
  { input: "bob@acme\n.com", reason: "newline inside", message: "U+000A (line feed)" },
  { input: "bob\r\n@acme.com", reason: "CRLF inside", message: "U+000D (carriage return)" },
  { input: "\u00A0bob@acme.com", reason: "leading no-break space (not trimmed)", message: "U+00A0 (no-break space)" },
  { input: "bob@acme.com\u3000", reason: "trailing ideographic space", message: "U+3000" },
  { input: "bo\u0000b@acme.com", reason: "NUL", message: "control character: U+0000" },
  { input: "bob\u0007@acme.com", reason: "BEL", message: "control character: U+0007" },
  { input: "bob@ac\u007Fme.com", reason: "DEL", message: "control character: U+007F" },
  { input: "bob@acme\u009B.com", reason: "C1 control", message: "control character: U+009B" },
  // Invisible and bidi characters
  { input: "\u200Bbob@acme.com", reason: "zero-width space before local part", message: "invisible character: U+200B" },
  { input: "bo\u200Bb@acme.com", reason: "zero-width space in local part", message: "U+200B" },
  { input: "bob@ac\u200Bme.com", reason: "zero-width space in domain", message: "U+200B" },
  { input: "bob\u200C@acme.com", reason: "zero-width non-joiner in local part", message: "U+200C" },
  { input: "bob@ac\u200Dme.com", reason: "zero-width joiner in domain", message: "U+200D" },
  { input: "bob@acme\u2060.com", reason: "word joiner in domain", message: "U+2060" },
  { input: "\uFEFFbob@acme.com", reason: "byte order mark before address", message: "U+FEFF" },
  { input: "bob@acme.com\uFEFF", reason: "byte order mark after address", message: "U+FEFF" },
  { input: "bob@ac\u180Eme.com", reason: "Mongolian vowel separator", message: "U+180E" },
  { input: "bob@ac\uFE0Fme.com", reason: "variation selector in domain", message: "invisible character: U+FE0F" },
  { input: "bob\u200E@acme.com", reason: "left-to-right mark in local part", message: "bidirectional control character, U+200E" },
  { input: "bob@acme.com\u200F", reason: "right-to-left mark after domain", message: "U+200F" },
  { input: "bob@\u202Eacme.com", reason: "right-to-left override in domain", message: "U+202E" },
  { input: "\u202Abob@acme.com", reason: "left-to-right embedding", message: "U+202A" },
  { input: "bob@acme\u2066.com", reason: "left-to-right isolate", message: "U+2066" },
  { input: "bob@acme.com\u2069", reason: "pop directional isolate", message: "U+2069" },
  { input: "bob\u061C@acme.com", reason: "Arabic letter mark", message: "U+061C" },
  // Local part characters
  { input: "jösé@x.com", reason: "non-ASCII local part (Latin)", message: "only ASCII characters" },
  { input: "用户@例子.中国", reason: "non-ASCII local part (Han)", message: "only ASCII characters" },
  { input: "bob\u00AD@acme.com", reason: "soft hyphen in local part", message: "only ASCII characters" },
  { input: "a,b@acme.com", reason: "comma in local part", message: '"," (U+002C)' },
  { input: "a\\b@acme.com", reason: "backslash in local part", message: "U+005C" },
  { input: "a:b@acme.com", reason: "colon in local part", message: "U+003A" },
  { input: "a<b>@acme.com", reason: "angle brackets in local part", message: "U+003C" },
  { input: 'a"b@acme.com', reason: "stray quote in local part", message: "U+0022" },
  // Domain shape
  { input: "x@localhost", reason: "single-label domain", message: "has no dot" },
  { input: "x@com", reason: "bare TLD", message: "has no dot" },
  { input: "x@-acme.com", reason: "label starting with hyphen", message: "start or end with a hyphen" },
  { input: "x@acme-.com", reason: "label ending with hyphen", message: "start or end with a hyphen" },
  { input: "x@acme.-com", reason: "TLD starting with hyphen", message: "start or end with a hyphen" },
  { input: "x@-bücher.example", reason: "IDN label starting with hyphen", message: "start or end with a hyphen" },
  { input: "x@acme.123", reason: "all-digit TLD", message: "must not be all digits" },
  { input: "x@ac_me.com", reason: "underscore in domain", message: '"_" (U+005F)' },
  { input: "x@acme.com:25", reason: "port after domain", message: "U+003A" },
  { input: "x@ac*me.com", reason: "asterisk in domain", message: "U+002A" },
  { input: "x@ac/me.com", reason: "slash in domain", message: "U+002F" },
  { input: "x@\u2603.com", reason: "symbol (snowman) label", message: "U+2603" },
  { input: "x@\u{1F4A9}.la", reason: "emoji label", message: "U+1F4A9" },
  { input: "x@xn--ls8h.la", reason: "emoji label given as punycode", message: "U+1F4A9" },
  // Characters IDNA mapping would silently change
  { input: "bob@\uFF41\uFF43\uFF4D\uFF45.com", reason: "full-width letters", message: "full-width character" },
  { input: "bob@acme.\uFF43\uFF4F\uFF4D", reason: "full-width TLD", message: "full-width character" },
  { input: "bob@ac\u00ADme.com", reason: "soft hyphen in domain", message: "U+00AD (soft hyphen), which would be silently removed" },
  { input: "bob@\uFB01nance.com", reason: "fi ligature", message: 'would be changed to "fi"' },
  { input: "bob@\u216Bcorp.com", reason: "Roman numeral twelve", message: 'would be changed to "xii"' },
  { input: "bob@acme\u00AE.com", reason: "registered sign", message: "U+00AE" },
  { input: "bob@例子\u3002中国", reason: "ideographic full stop", message: "U+3002 (ideographic full stop)" },
  { input: "bob@acme\uFF0Ecom", reason: "full-width full stop", message: "U+FF0E" },
  { input: "bob@acme\uFF61com", reason: "half-width ideographic full stop", message: "U+FF61" },
  // Not NFC
  { input: "bob@bu\u0308cher.example", reason: "decomposed u-umlaut in domain", message: "normalization form C (NFC)" },
  { input: "bu\u0308b@acme.com", reason: "decomposed u-umlaut in local part", message: "normalization form C (NFC)" },
  { input: "bob@\u212Bngstrom.se", reason: "Angstrom sign (NFC changes it)", message: "normalization form C (NFC)" },
  // Punycode
  { input: "x@xn--abc.com", reason: "undecodable punycode", message: "not valid punycode" },
  { input: "x@xn--.com", reason: "empty punycode", message: "not valid punycode" },
  { input: "x@xn--abc-.com", reason: "punycode of a plain ASCII label", message: "not valid punycode" },
  { input: "x@xn--zz.com", reason: "garbage punycode", message: "not valid punycode" },
  // Mixed scripts
  { input: "bob@p\u0430ypal.com", reason: "Latin with Cyrillic a", message: "mixes Latin and Cyrillic" },
  { input: "bob@\u0430pple.com", reason: "Cyrillic a leading Latin", message: "mixes Cyrillic and Latin" },
  { input: "bob@xn--pypal-4ve.com", reason: "Latin/Cyrillic mix given as punycode", message: "mixes Latin and Cyrillic" },
  { input: "bob@\u03B1pple.com", reason: "Greek alpha with Latin", message: "mixes Greek and Latin" },
  { input: "bob@g\u03BF\u03BFgle.com", reason: "Latin with Greek omicrons", message: "mixes Latin and Greek" },
  { input: "bob@\u043F\u03C1\u0438\u043C\u0435\u0440.com", reason: "Cyrillic with Greek rho", message: "mixes Cyrillic and Greek" },
  { input: "bob@bank.\u0440\u0444g", reason: "Cyrillic TLD with Latin letter", message: "mixes Cyrillic and Latin" },
  { input: "bob@\u0645\u062B\u0627\u0644abc.com", reason: "Arabic with Latin", message: "mixes Arabic and Latin" },
  { input: "bob@\uD55C\u30AB.com", reason: "Hangul with Katakana", message: "mixes Hangul and Katakana" },
  { input: "bob@\u3105\u3042.com", reason: "Bopomofo with Hiragana", message: "mixes Bopomofo and Hiragana" },
];

interface Accepted {
  input: string;
  address: string;
  unicodeAddress: string;
  subaddress?: { base: string; tag: string } | null;
}

const accepted: Accepted[] = [
  { input: "Bob@ACME.com", address: "bob@acme.com", unicodeAddress: "bob@acme.com" },
  { input: "BOB@ACME.COM", address: "bob@acme.com", unicodeAddress: "bob@acme.com" },
  { input: "  bob@acme.com  ", address: "bob@acme.com", unicodeAddress: "bob@acme.com" },
  { input: "\t\nbob@acme.com\r\n", address: "bob@acme.com", unicodeAddress: "bob@acme.com" },
  { input: "first.last@sub.example.co.uk", address: "first.last@sub.example.co.uk", unicodeAddress: "first.last@sub.example.co.uk" },
  { input: "user@123.com", address: "user@123.com", unicodeAddress: "user@123.com" },
  { input: "user@a-b.example", address: "user@a-b.example", unicodeAddress: "user@a-b.example" },
  // IDN domains
  { input: "bob@Bücher.example", address: "bob@xn--bcher-kva.example", unicodeAddress: "bob@bücher.example" },
  { input: "bob@xn--bcher-kva.example", address: "bob@xn--bcher-kva.example", unicodeAddress: "bob@bücher.example" },
  { input: "BOB@XN--BCHER-KVA.EXAMPLE", address: "bob@xn--bcher-kva.example", unicodeAddress: "bob@bücher.example" },
  { input: "max@MÜNCHEN.de", address: "max@xn--mnchen-3ya.de", unicodeAddress: "max@münchen.de" },
  { input: "anna@ÄÖÜ.de", address: "anna@xn--4ca0bs.de", unicodeAddress: "anna@äöü.de" },
  { input: "hans@straße.de", address: "hans@xn--strae-oqa.de", unicodeAddress: "hans@straße.de" },
  { input: "taro@tōkyō.jp", address: "taro@xn--tky-qxac.jp", unicodeAddress: "taro@tōkyō.jp" },
  { input: "user@日本語.jp", address: "user@xn--wgv71a119e.jp", unicodeAddress: "user@日本語.jp" },
  {
    input: "user@ひらがな漢字カタカナ.jp",
    address: "user@xn--v8j0cwa6gzha3lrd7410cymwb.jp",
    unicodeAddress: "user@ひらがな漢字カタカナ.jp",
  },
  { input: "user@東京abc.jp", address: "user@xn--abc-dm9di64i.jp", unicodeAddress: "user@東京abc.jp" },
  { input: "info@한국어.kr", address: "info@xn--3e0bk47br7k.kr", unicodeAddress: "info@한국어.kr" },
  { input: "info@한국漢字.kr", address: "info@xn--p8s937b4q9bln7a.kr", unicodeAddress: "info@한국漢字.kr" },
  { input: "info@中文ㄅㄆ.tw", address: "info@xn--5ekc105thxu.tw", unicodeAddress: "info@中文ㄅㄆ.tw" },
  { input: "info@例子.中国", address: "info@xn--fsqu00a.xn--fiqs8s", unicodeAddress: "info@例子.中国" },
  { input: "info@пример.рф", address: "info@xn--e1afmkfd.xn--p1ai", unicodeAddress: "info@пример.рф" },
  { input: "INFO@ПРИМЕР.РФ", address: "info@xn--e1afmkfd.xn--p1ai", unicodeAddress: "info@пример.рф" },
  { input: "info@xn--e1afmkfd.xn--p1ai", address: "info@xn--e1afmkfd.xn--p1ai", unicodeAddress: "info@пример.рф" },
  { input: "bob@bücher.xn--p1ai", address: "bob@xn--bcher-kva.xn--p1ai", unicodeAddress: "bob@bücher.рф" },
  { input: "info@ελληνικά.gr", address: "info@xn--hxargifdar.gr", unicodeAddress: "info@ελληνικά.gr" },
  { input: "info@βόλος.gr", address: "info@xn--nxasmm1c.gr", unicodeAddress: "info@βόλος.gr" },
  // Capital sigma lower-cases to "σ" without regard to position, as in UTS-46.
  { input: "info@ΒΌΛΟΣ.gr", address: "info@xn--nxasmq6b.gr", unicodeAddress: "info@βόλοσ.gr" },
  { input: "info@col·legi.cat", address: "info@xn--collegi-xma.cat", unicodeAddress: "info@col·legi.cat" },
  // Subaddresses
  {
    input: "Bob+News@acme.com",
    address: "bob+news@acme.com",
    unicodeAddress: "bob+news@acme.com",
    subaddress: { base: "bob@acme.com", tag: "news" },
  },
  {
    input: "bob+a+b@acme.com",
    address: "bob+a+b@acme.com",
    unicodeAddress: "bob+a+b@acme.com",
    subaddress: { base: "bob@acme.com", tag: "a+b" },
  },
  {
    input: "bob+news@Bücher.example",
    address: "bob+news@xn--bcher-kva.example",
    unicodeAddress: "bob+news@bücher.example",
    subaddress: { base: "bob@xn--bcher-kva.example", tag: "news" },
  },
  { input: "+x@a.com", address: "+x@a.com", unicodeAddress: "+x@a.com", subaddress: null },
  { input: "bob+@a.com", address: "bob+@a.com", unicodeAddress: "bob+@a.com", subaddress: null },
  { input: "bob.+x@a.com", address: "bob.+x@a.com", unicodeAddress: "bob.+x@a.com", subaddress: null },
  { input: "plain@acme.com", address: "plain@acme.com", unicodeAddress: "plain@acme.com", subaddress: null },
  // RFC 5322 atext
  { input: "o'brien@acme.com", address: "o'brien@acme.com", unicodeAddress: "o'brien@acme.com" },
  { input: "a_b@acme.com", address: "a_b@acme.com", unicodeAddress: "a_b@acme.com" },
  { input: "x-y@acme.com", address: "x-y@acme.com", unicodeAddress: "x-y@acme.com" },
  { input: "!#$%&'*=?^`{|}~@acme.com", address: "!#$%&'*=?^`{|}~@acme.com", unicodeAddress: "!#$%&'*=?^`{|}~@acme.com" },
  { input: "a/b=c@acme.com", address: "a/b=c@acme.com", unicodeAddress: "a/b=c@acme.com" },
  // Length limits, exactly at the boundary
  { input: `${local64}@acme.com`, address: `${local64}@acme.com`, unicodeAddress: `${local64}@acme.com` },
  { input: `x@${label63}.com`, address: `x@${label63}.com`, unicodeAddress: `x@${label63}.com` },
  { input: `${local64}@${domain189}`, address: `${local64}@${domain189}`, unicodeAddress: `${local64}@${domain189}` },
];

describe("canonicalizeAddress", () => {
  it("has a table of the expected size", () => {
    expect(rejected.length).toBeGreaterThanOrEqual(65);
    expect(accepted.length).toBeGreaterThanOrEqual(30);
    expect(`${local64}@${domain189}`).toHaveLength(254);
    expect(`${local64}@${domain190}`).toHaveLength(255);
    expect(domain254).toHaveLength(254);
  });

  it.each(rejected)("rejects $reason", ({ input, message }) => {
    let thrown: unknown;
    try {
      canonicalizeAddress(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidAddressError);
    expect((thrown as InvalidAddressError).message).toContain(message);
    expect(isValidAddress(input)).toBe(false);
  });

  it.each(accepted)("accepts $input", ({ input, address, unicodeAddress, subaddress }) => {
    const result = canonicalizeAddress(input);
    expect(result.address).toBe(address);
    expect(result.unicodeAddress).toBe(unicodeAddress);
    const at = address.lastIndexOf("@");
    expect(result.localPart).toBe(address.slice(0, at));
    expect(result.domain).toBe(address.slice(at + 1));
    expect(result.unicodeDomain).toBe(unicodeAddress.slice(unicodeAddress.lastIndexOf("@") + 1));
    if (subaddress !== undefined) expect(result.subaddress).toEqual(subaddress);
    expect(isValidAddress(input)).toBe(true);
  });

  it("is idempotent on its own output", () => {
    for (const { address, unicodeAddress } of accepted) {
      expect(canonicalizeAddress(address).address).toBe(address);
      expect(canonicalizeAddress(unicodeAddress).address).toBe(address);
    }
  });

  it("has no subaddress without a plus", () => {
    expect(canonicalizeAddress("bob@acme.com").subaddress).toBeNull();
  });

  it("throws errors carrying the INVALID_ADDRESS code", () => {
    expect.assertions(2);
    try {
      canonicalizeAddress("not an address");
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidAddressError);
      expect((error as InvalidAddressError).extensions.code).toBe("INVALID_ADDRESS");
    }
  });
});

describe("canonicalizeDomain", () => {
  it.each([
    { input: "ACME.com", name: "acme.com", unicodeName: "acme.com" },
    { input: " bücher.example ", name: "xn--bcher-kva.example", unicodeName: "bücher.example" },
    { input: "xn--bcher-kva.example", name: "xn--bcher-kva.example", unicodeName: "bücher.example" },
    { input: "пример.рф", name: "xn--e1afmkfd.xn--p1ai", unicodeName: "пример.рф" },
    { input: "日本語.jp", name: "xn--wgv71a119e.jp", unicodeName: "日本語.jp" },
  ])("accepts $input", ({ input, name, unicodeName }) => {
    expect(canonicalizeDomain(input)).toEqual({ name, unicodeName });
  });

  it.each([
    { input: "", message: "Enter a domain name" },
    { input: "bob@acme.com", message: 'without an "@"' },
    { input: "localhost", message: "has no dot" },
    { input: "acme.com.", message: "must not end with a dot" },
    { input: "1.2.3.4", message: "IP addresses" },
    { input: "[1.2.3.4]", message: "IP address literals" },
    { input: "p\u0430ypal.com", message: "mixes Latin and Cyrillic" },
    { input: "\uFF41\uFF43\uFF4D\uFF45.com", message: "full-width character" },
    { input: "ac\u200Bme.com", message: "U+200B" },
    { input: "xn--abc.com", message: "not valid punycode" },
    { input: `${"l".repeat(64)}.com`, message: "the limit is 63" },
  ])("rejects $input", ({ input, message }) => {
    let thrown: unknown;
    try {
      canonicalizeDomain(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidAddressError);
    expect((thrown as InvalidAddressError).message).toContain(message);
    expect((thrown as InvalidAddressError).extensions.code).toBe("INVALID_ADDRESS");
  });
});

describe("the plain-ASCII fast path", () => {
  const { canonicalizeAddressFully } = require("./canonical-address") as typeof import("./canonical-address");
  const outcome = (f: (s: string) => unknown, s: string) => {
    try {
      return JSON.stringify(f(s));
    } catch (error) {
      return `error:${(error as Error).constructor.name}`;
    }
  };
  const samples = [
    "Bob@Example.COM",
    "a.b.c@d-e.f.example",
    "x+y@z.io",
    "o'brien@ex.co.uk",
    "!#$%&'*+/=?^_`{|}~-@x.org",
    "a..b@x.com",
    ".a@x.com",
    "a.@x.com",
    "a@-x.com",
    "a@x-.com",
    "a@x..com",
    "a@x.c0m",
    "a@x.123",
    "a@xn--bcher-kva.example",
    "a@ab--cd.com",
    "a@localhost",
    `${"a".repeat(64)}@x.com`,
    `${"a".repeat(65)}@x.com`,
    `a@${"b".repeat(63)}.com`,
    `a@${"b".repeat(64)}.com`,
    `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`,
    "bob+@x.com",
    "+x@y.com",
    "bob.+x@y.com",
    "a@b.c",
    "A@B.CO",
  ];
  it.each(samples)("agrees with the full rule set on %s", (input) => {
    expect(outcome(canonicalizeAddress, input)).toBe(outcome(canonicalizeAddressFully, input));
  });

  it("agrees with the full rule set on 5,000 random ASCII addresses", () => {
    const alphabet = "abcXYZ019.-_+@";
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let disagreements = 0;
    for (let i = 0; i < 5000; i++) {
      const length = 3 + Math.floor(random() * 20);
      let s = "";
      for (let j = 0; j < length; j++) s += alphabet[Math.floor(random() * alphabet.length)];
      if (outcome(canonicalizeAddress, s) !== outcome(canonicalizeAddressFully, s)) disagreements++;
    }
    expect(disagreements).toBe(0);
  });
});
