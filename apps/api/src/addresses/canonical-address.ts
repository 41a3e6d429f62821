import { domainToASCII, domainToUnicode } from "node:url";

import { InvalidAddressError } from "../errors";

export interface CanonicalAddress {
  /** Lower-cased local part + "@" + ASCII (punycode) domain. */
  address: string;
  localPart: string;
  /** ASCII (punycode) form, lower case, no trailing dot. */
  domain: string;
  unicodeDomain: string;
  /** localPart + "@" + unicodeDomain. */
  unicodeAddress: string;
  /**
   * Set when the local part is "base+tag": `base` is the canonical address
   * without "+tag". Null when there is no "+", when the tag is empty, or when
   * the base would not itself be a valid address (see `subaddressOf`).
   */
  subaddress: { base: string; tag: string } | null;
}

export interface CanonicalDomain {
  /** ASCII (punycode) form, lower case, no trailing dot. */
  name: string;
  unicodeName: string;
}

const MAX_LOCAL_PART_OCTETS = 64;
const MAX_ADDRESS_OCTETS = 254;
const MAX_DOMAIN_OCTETS = 253;
const MAX_LABEL_OCTETS = 63;

// Only plain ASCII whitespace is forgiven at the edges: anything else there
// (NBSP, U+FEFF, zero-width space) is likely pasted-in junk or a spoofing
// attempt, and String.prototype.trim would silently hide it.
const ASCII_EDGE_WHITESPACE = /^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g;

const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const ZERO_WIDTH = /[\u180E\u200B-\u200D\u2060\uFEFF]/u;
// Other default-ignorables (variation selectors, U+034F, Hangul fillers, …)
// render as nothing too, so they are just as useful for look-alike addresses.
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
const WHITESPACE = /[\s\p{White_Space}]/u;

// RFC 5322 dot-atom "atext", plus the dot that separates atoms.
const LOCAL_PART_CHAR = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]$/;
const LDH_LABEL = /^[a-z0-9-]+$/;
const ALL_DIGITS = /^[0-9]+$/;

// IDNA2008 CONTEXTO punctuation that legitimately appears inside words
// (Catalan l·l, Greek keraia, Hebrew geresh/gershayim, katakana middle dot).
const WORD_PUNCTUATION = new Set(["\u00B7", "\u0375", "\u05F3", "\u05F4", "\u30FB"]);
const LABEL_CHAR = /^[\p{L}\p{M}\p{Nd}-]$/u;

const CHARACTER_NAMES: Record<string, string> = {
  "\u0000": "NUL",
  "\u0009": "tab",
  "\u000A": "line feed",
  "\u000D": "carriage return",
  "\u0020": "space",
  "\u0085": "next line",
  "\u007F": "DEL",
  "\u00A0": "no-break space",
  "\u00AD": "soft hyphen",
  "\u061C": "Arabic letter mark",
  "\u180E": "Mongolian vowel separator",
  "\u200B": "zero-width space",
  "\u200C": "zero-width non-joiner",
  "\u200D": "zero-width joiner",
  "\u200E": "left-to-right mark",
  "\u200F": "right-to-left mark",
  "\u202A": "left-to-right embedding",
  "\u202B": "right-to-left embedding",
  "\u202C": "pop directional formatting",
  "\u202D": "left-to-right override",
  "\u202E": "right-to-left override",
  "\u2060": "word joiner",
  "\u2066": "left-to-right isolate",
  "\u2067": "right-to-left isolate",
  "\u2068": "first strong isolate",
  "\u2069": "pop directional isolate",
  "\u3000": "ideographic space",
  "\u3002": "ideographic full stop",
  "\uFEFF": "byte order mark (zero-width no-break space)",
  "\uFF0E": "full-width full stop",
  "\uFF61": "half-width ideographic full stop",
};

function codePointLabel(char: string): string {
  return "U+" + (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
}

/** Names an offending character so that invisible ones can still be found. */
function describeChar(char: string): string {
  const name = CHARACTER_NAMES[char];
  const code = codePointLabel(char);
  if (name) return `${code} (${name})`;
  const visible = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(char) && !INVISIBLE.test(char);
  return visible ? `"${char}" (${code})` : code;
}

function octets(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function isAscii(text: string): boolean {
  return /^[\x00-\x7F]*$/.test(text);
}

function fail(message: string): never {
  throw new InvalidAddressError(message);
}

function trimAsciiWhitespace(input: string): string {
  return input.replace(ASCII_EDGE_WHITESPACE, "");
}

/**
 * Characters that are never acceptable anywhere, checked before any splitting
 * so that the message names the real problem rather than a side effect of it.
 */
function rejectForbiddenCharacters(text: string, what: string): void {
  for (const char of text) {
    if (BIDI_CONTROL.test(char)) {
      fail(`The ${what} contains a bidirectional control character, ${describeChar(char)}, which can disguise how it reads.`);
    }
    // A soft hyphen is left to the domain and local-part checks, which can say
    // that IDNA would drop it or that the local part must be ASCII.
    if (ZERO_WIDTH.test(char) || (INVISIBLE.test(char) && char !== "\u00AD")) {
      fail(`The ${what} contains an invisible character: ${describeChar(char)}.`);
    }
    if (WHITESPACE.test(char)) {
      fail(`The ${what} must not contain whitespace; found ${describeChar(char)}.`);
    }
    if (CONTROL.test(char)) {
      fail(`The ${what} contains a control character: ${describeChar(char)}.`);
    }
  }
  if (text !== text.normalize("NFC")) {
    fail(
      `The ${what} is not in Unicode normalization form C (NFC): some characters are not in their standard encoding, such as a letter followed by a combining accent instead of the accented letter itself.`,
    );
  }
}

function validateLocalPart(localPart: string): void {
  if (localPart === "") fail('The part before the "@" is empty.');
  for (const char of localPart) {
    if (char.codePointAt(0)! > 0x7e) {
      fail(`The part before the "@" contains ${describeChar(char)}; only ASCII characters are allowed there.`);
    }
  }
  if (localPart.startsWith(".")) fail('The part before the "@" must not start with a dot.');
  if (localPart.endsWith(".")) fail('The part before the "@" must not end with a dot.');
  if (localPart.includes("..")) fail('The part before the "@" must not contain two dots in a row.');
  for (const char of localPart) {
    if (!LOCAL_PART_CHAR.test(char)) {
      fail(`The part before the "@" contains ${describeChar(char)}, which is not allowed in an email address.`);
    }
  }
  if (octets(localPart) > MAX_LOCAL_PART_OCTETS) {
    fail(`The part before the "@" is ${octets(localPart)} characters long; the limit is ${MAX_LOCAL_PART_OCTETS}.`);
  }
}

/** Why IDNA mapping would rewrite a label, for the error message. */
function explainMapping(label: string): string {
  for (const char of label) {
    const code = char.codePointAt(0)!;
    if (char === "\u3002" || char === "\uFF0E" || char === "\uFF61") {
      return `it uses ${describeChar(char)} instead of "."`;
    }
    if (code >= 0xff01 && code <= 0xff5e) return `it contains the full-width character ${describeChar(char)}`;
    if (char === "\u00AD") return `it contains ${describeChar(char)}, which would be silently removed`;
    const ascii = domainToASCII(char);
    if (ascii === "") return `it contains ${describeChar(char)}, which is not allowed in domain names`;
    if (domainToUnicode(ascii) !== char) {
      return `it contains ${describeChar(char)}, which would be changed to "${domainToUnicode(ascii)}"`;
    }
  }
  return "it breaks the IDNA rules for how these characters may be combined";
}

// Script checks need a name per letter; JavaScript only offers per-script
// regexes, so each one is tried. Names the running ICU does not know are
// skipped (they only exist in newer Unicode versions).
const SCRIPT_NAMES = [
  "Latin",
  "Cyrillic",
  "Greek",
  "Han",
  "Hiragana",
  "Katakana",
  "Hangul",
  "Bopomofo",
  "Arabic",
  "Hebrew",
  "Armenian",
  "Georgian",
  "Devanagari",
  "Bengali",
  "Gurmukhi",
  "Gujarati",
  "Oriya",
  "Tamil",
  "Telugu",
  "Kannada",
  "Malayalam",
  "Sinhala",
  "Thai",
  "Lao",
  "Tibetan",
  "Myanmar",
  "Khmer",
  "Ethiopic",
  "Cherokee",
  "Mongolian",
  "Thaana",
  "Syriac",
  "Nko",
  "Tifinagh",
  "Canadian_Aboriginal",
  "Yi",
  "Vai",
  "Javanese",
  "Balinese",
  "Sundanese",
  "Coptic",
  "Glagolitic",
  "Adlam",
  "Ahom",
  "Anatolian_Hieroglyphs",
  "Avestan",
  "Bamum",
  "Bassa_Vah",
  "Batak",
  "Bhaiksuki",
  "Brahmi",
  "Braille",
  "Buginese",
  "Buhid",
  "Carian",
  "Caucasian_Albanian",
  "Chakma",
  "Cham",
  "Chorasmian",
  "Cuneiform",
  "Cypriot",
  "Cypro_Minoan",
  "Deseret",
  "Dives_Akuru",
  "Dogra",
  "Duployan",
  "Egyptian_Hieroglyphs",
  "Elbasan",
  "Elymaic",
  "Gothic",
  "Grantha",
  "Gunjala_Gondi",
  "Hanifi_Rohingya",
  "Hanunoo",
  "Hatran",
  "Imperial_Aramaic",
  "Inscriptional_Pahlavi",
  "Inscriptional_Parthian",
  "Kaithi",
  "Kawi",
  "Kayah_Li",
  "Kharoshthi",
  "Khitan_Small_Script",
  "Khojki",
  "Khudawadi",
  "Lepcha",
  "Limbu",
  "Linear_A",
  "Linear_B",
  "Lisu",
  "Lycian",
  "Lydian",
  "Mahajani",
  "Makasar",
  "Mandaic",
  "Manichaean",
  "Marchen",
  "Masaram_Gondi",
  "Medefaidrin",
  "Meetei_Mayek",
  "Mende_Kikakui",
  "Meroitic_Cursive",
  "Meroitic_Hieroglyphs",
  "Miao",
  "Modi",
  "Mro",
  "Multani",
  "Nabataean",
  "Nag_Mundari",
  "Nandinagari",
  "New_Tai_Lue",
  "Newa",
  "Nushu",
  "Nyiakeng_Puachue_Hmong",
  "Ogham",
  "Ol_Chiki",
  "Old_Hungarian",
  "Old_Italic",
  "Old_North_Arabian",
  "Old_Permic",
  "Old_Persian",
  "Old_Sogdian",
  "Old_South_Arabian",
  "Old_Turkic",
  "Old_Uyghur",
  "Osage",
  "Osmanya",
  "Pahawh_Hmong",
  "Palmyrene",
  "Pau_Cin_Hau",
  "Phags_Pa",
  "Phoenician",
  "Psalter_Pahlavi",
  "Rejang",
  "Runic",
  "Samaritan",
  "Saurashtra",
  "Sharada",
  "Shavian",
  "Siddham",
  "SignWriting",
  "Sogdian",
  "Sora_Sompeng",
  "Soyombo",
  "Syloti_Nagri",
  "Tagalog",
  "Tagbanwa",
  "Tai_Le",
  "Tai_Tham",
  "Tai_Viet",
  "Takri",
  "Tangsa",
  "Tangut",
  "Tirhuta",
  "Toto",
  "Ugaritic",
  "Vithkuqi",
  "Wancho",
  "Warang_Citi",
  "Yezidi",
  "Zanabazar_Square",
  "Garay",
  "Gurung_Khema",
  "Kirat_Rai",
  "Ol_Onal",
  "Sunuwar",
  "Todhri",
  "Tulu_Tigalari",
  "Beria_Erfe",
  "Sidetic",
  "Tai_Yo",
  "Tolong_Siki",
];

let scriptPatterns: ReadonlyArray<readonly [string, RegExp]> | undefined;

function scriptPatternList(): ReadonlyArray<readonly [string, RegExp]> {
  if (!scriptPatterns) {
    const list: Array<readonly [string, RegExp]> = [];
    for (const name of SCRIPT_NAMES) {
      try {
        list.push([name, new RegExp(`^\\p{Script=${name}}$`, "u")]);
      } catch {
        // Unknown to this ICU; its letters fall back to "Unknown" below.
      }
    }
    scriptPatterns = list;
  }
  return scriptPatterns;
}

const NEUTRAL_SCRIPT = /^[\p{Script=Common}\p{Script=Inherited}\p{Nd}-]$/u;

function scriptOf(char: string): string {
  for (const [name, pattern] of scriptPatternList()) {
    if (pattern.test(char)) return name;
  }
  return "Unknown";
}

// UTS #39 "Highly Restrictive": one script, or a subset of one of these.
const ALLOWED_SCRIPT_MIXES: ReadonlyArray<ReadonlySet<string>> = [
  new Set(["Latin", "Han", "Hiragana", "Katakana"]),
  new Set(["Latin", "Han", "Hangul"]),
  new Set(["Latin", "Han", "Bopomofo"]),
];

function rejectMixedScripts(unicodeLabel: string): void {
  const scripts = new Set<string>();
  for (const char of unicodeLabel) {
    if (!NEUTRAL_SCRIPT.test(char)) scripts.add(scriptOf(char));
  }
  if (scripts.size <= 1) return;
  const allowed = ALLOWED_SCRIPT_MIXES.some((mix) => [...scripts].every((script) => mix.has(script)));
  if (!allowed) {
    const names = [...scripts].map((script) => script.replace(/_/g, " ")).join(" and ");
    fail(`The domain label "${unicodeLabel}" mixes ${names} letters, which is how look-alike domains are made.`);
  }
}

/** Converts one lower-cased, NFC label; returns its ASCII and Unicode forms. */
function convertLabel(label: string): { ascii: string; unicode: string } {
  if (isAscii(label)) {
    if (!LDH_LABEL.test(label)) {
      const bad = [...label].find((char) => !/[a-z0-9-]/.test(char)) ?? label;
      fail(`The domain contains ${describeChar(bad)}; only letters, digits and hyphens are allowed in domain names.`);
    }
    if (!label.startsWith("xn--")) return { ascii: label, unicode: label };
    // A punycode label is only trusted if it decodes and re-encodes to itself;
    // otherwise two spellings would map to one domain.
    const unicode = domainToUnicode(label);
    if (unicode === "" || unicode.includes(".") || domainToASCII(unicode) !== label) {
      fail(`The domain label "${label}" is not valid punycode.`);
    }
    return { ascii: label, unicode };
  }
  const ascii = domainToASCII(label);
  if (ascii === "") {
    // IDNA also refuses some script mixes (the bidi rule); the script message
    // is the more useful one when it applies.
    rejectMixedScripts(label);
    fail(`The domain label "${label}" is not a valid internationalized domain name: ${explainMapping(label)}.`);
  }
  if (ascii.includes(".") || domainToUnicode(ascii) !== label) {
    fail(`The domain label "${label}" is not in its standard form: ${explainMapping(label)}.`);
  }
  return { ascii, unicode: label };
}

/**
 * Shared by addresses and bare domains. `raw` has already passed
 * `rejectForbiddenCharacters`.
 */
function canonicalizeDomainPart(raw: string): CanonicalDomain {
  if (raw === "") fail("The domain is empty.");
  if (raw.startsWith("[") || raw.endsWith("]")) {
    fail("IP address literals such as [192.0.2.1] are not accepted; use a domain name.");
  }
  // Per character, so that capital sigma always becomes "σ" as in UTS-46,
  // instead of depending on whether a "." happens to follow it.
  const lower = Array.from(raw, (char) => char.toLowerCase()).join("");
  // Full stops that UTS-46 treats as "." are reported before splitting, or the
  // dot checks below would describe the wrong problem.
  for (const char of lower) {
    if (char === "\u3002" || char === "\uFF0E" || char === "\uFF61") {
      fail(`The domain uses ${describeChar(char)} instead of "."; type an ordinary dot.`);
    }
  }
  if (lower.startsWith(".")) fail("The domain must not start with a dot.");
  if (lower.endsWith(".")) fail("The domain must not end with a dot.");
  if (lower.includes("..")) fail("The domain must not contain two dots in a row.");

  const labels = lower.split(".");
  if (labels.length > 1 && labels.every((label) => ALL_DIGITS.test(label))) {
    fail("IP addresses are not accepted as the domain; use a domain name.");
  }
  if (labels.length < 2) {
    fail(`The domain "${raw}" has no dot; a full domain such as "example.com" is needed.`);
  }

  const converted = labels.map(convertLabel);
  for (const { ascii, unicode } of converted) {
    if (octets(ascii) > MAX_LABEL_OCTETS) {
      fail(`The domain label "${unicode}" is ${octets(ascii)} characters long in its ASCII form; the limit is ${MAX_LABEL_OCTETS}.`);
    }
    if (ascii.startsWith("-") || ascii.endsWith("-") || unicode.startsWith("-") || unicode.endsWith("-")) {
      fail(`The domain label "${unicode}" must not start or end with a hyphen.`);
    }
    for (const char of unicode) {
      if (!LABEL_CHAR.test(char) && !WORD_PUNCTUATION.has(char)) {
        fail(`The domain label "${unicode}" contains ${describeChar(char)}; only letters, digits and hyphens are allowed.`);
      }
    }
    rejectMixedScripts(unicode);
  }

  const tld = converted[converted.length - 1]!.ascii;
  if (ALL_DIGITS.test(tld)) fail(`The top-level domain "${tld}" must not be all digits.`);

  const name = converted.map((label) => label.ascii).join(".");
  // Whole-domain rules (e.g. the bidi rule across labels) only apply here.
  if (domainToASCII(lower) !== name) fail(`The domain "${raw}" is not a valid internationalized domain name.`);
  if (octets(name) > MAX_DOMAIN_OCTETS) {
    fail(`The domain is ${octets(name)} characters long in its ASCII form; the limit is ${MAX_DOMAIN_OCTETS}.`);
  }
  return { name, unicodeName: converted.map((label) => label.unicode).join(".") };
}

/**
 * A subaddress needs a non-empty base and tag around the first "+", and the
 * base must itself be a valid address: "+x" (empty base), "bob+" (empty tag)
 * and "bob.+x" (base "bob." ends with a dot) have none.
 */
function subaddressOf(localPart: string, domain: string): CanonicalAddress["subaddress"] {
  const plus = localPart.indexOf("+");
  if (plus <= 0) return null;
  const base = localPart.slice(0, plus);
  const tag = localPart.slice(plus + 1);
  if (tag === "" || base.endsWith(".")) return null;
  return { base: `${base}@${domain}`, tag };
}

/**
 * Returns the canonical form of an email address: ASCII whitespace around it is
 * dropped, the local part is lower-cased and must be a plain ASCII dot-atom,
 * and the domain is lower-cased, must already be in the form IDNA (UTS-46)
 * would produce, and must not mix scripts within a label. Anything else throws
 * `InvalidAddressError` whose message says what is wrong.
 */
export function canonicalizeAddress(input: string): CanonicalAddress {
  return plainAsciiAddress(input) ?? canonicalizeAddressFully(input);
}

// A dot-atom local part at a domain of plain LDH labels with a letter-led TLD,
// no punycode ("xn--") and no "--" anywhere: for these every rule below reduces
// to lower-casing and the length limits, so the hot path (resolution of
// ordinary addresses) skips the Unicode machinery. Anything else takes the full path.
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const PLAIN_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const PLAIN_ADDRESS = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*@(?:${PLAIN_LABEL}\\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`);

function plainAsciiAddress(input: string): CanonicalAddress | null {
  if (typeof input !== "string" || input.length > MAX_ADDRESS_OCTETS || !PLAIN_ADDRESS.test(input) || input.includes("--")) return null;
  const at = input.indexOf("@");
  if (at > MAX_LOCAL_PART_OCTETS) return null;
  const address = input.toLowerCase();
  const localPart = address.slice(0, at);
  const domain = address.slice(at + 1);
  return { address, localPart, domain, unicodeDomain: domain, unicodeAddress: address, subaddress: subaddressOf(localPart, domain) };
}

/** The complete rule set, for every input; `canonicalizeAddress` reaches it for all but plain ASCII addresses. */
export function canonicalizeAddressFully(input: string): CanonicalAddress {
  const trimmed = trimAsciiWhitespace(input);
  if (trimmed === "") fail("Enter an email address.");
  // Quotes and comments are valid RFC 5322 but are refused outright; naming
  // them beats reporting the space or "@" that usually comes with them.
  if (trimmed.startsWith('"') || /"@/.test(trimmed)) {
    fail('Quoted local parts ("john doe"@example.com) are not accepted.');
  }
  if (trimmed.includes("(") && trimmed.includes(")")) {
    fail("Comments in parentheses are not accepted in an email address.");
  }
  rejectForbiddenCharacters(trimmed, "address");

  const parts = trimmed.split("@");
  if (parts.length === 1) fail('The address has no "@".');
  if (parts.length > 2) fail('The address contains more than one "@".');
  const [rawLocal, rawDomain] = parts as [string, string];
  if (rawLocal === "") fail('The part before the "@" is empty.');
  if (rawDomain === "") fail('The domain after the "@" is empty.');

  const localPart = rawLocal.toLowerCase();
  validateLocalPart(localPart);
  const { name: domain, unicodeName: unicodeDomain } = canonicalizeDomainPart(rawDomain);

  const address = `${localPart}@${domain}`;
  if (octets(address) > MAX_ADDRESS_OCTETS) {
    fail(`The address is ${octets(address)} characters long; the limit is ${MAX_ADDRESS_OCTETS}.`);
  }
  return {
    address,
    localPart,
    domain,
    unicodeDomain,
    unicodeAddress: `${localPart}@${unicodeDomain}`,
    subaddress: subaddressOf(localPart, domain),
  };
}

/**
 * Returns the canonical ASCII and Unicode forms of a bare domain, under the
 * same rules as the domain of `canonicalizeAddress`; throws
 * `InvalidAddressError` otherwise.
 */
export function canonicalizeDomain(input: string): CanonicalDomain {
  const trimmed = trimAsciiWhitespace(input);
  if (trimmed === "") fail("Enter a domain name.");
  rejectForbiddenCharacters(trimmed, "domain");
  if (trimmed.includes("@")) fail('Enter only the domain, without an "@".');
  return canonicalizeDomainPart(trimmed);
}

/** True when `canonicalizeAddress` would accept the input. */
export function isValidAddress(input: string): boolean {
  try {
    canonicalizeAddress(input);
    return true;
  } catch (error) {
    if (error instanceof InvalidAddressError) return false;
    throw error;
  }
}
