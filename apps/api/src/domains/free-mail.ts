import { parse } from "tldts";

/**
 * Public and free mail providers, in ASCII (punycode) form. An organization
 * cannot claim these: their addresses belong to the provider's users, not to
 * whoever registers the domain here first.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  // Google
  "gmail.com",
  "googlemail.com",
  // Yahoo and the brands it absorbed
  "yahoo.com",
  "yahoo.co.uk",
  "yahoo.co.in",
  "yahoo.co.jp",
  "yahoo.com.au",
  "yahoo.com.br",
  "yahoo.com.mx",
  "yahoo.ca",
  "yahoo.de",
  "yahoo.es",
  "yahoo.fr",
  "yahoo.it",
  "ymail.com",
  "rocketmail.com",
  // AOL
  "aol.com",
  "aim.com",
  // Microsoft
  "outlook.com",
  "outlook.de",
  "outlook.fr",
  "hotmail.com",
  "hotmail.co.uk",
  "hotmail.de",
  "hotmail.es",
  "hotmail.fr",
  "hotmail.it",
  "live.com",
  "live.co.uk",
  "live.de",
  "live.fr",
  "msn.com",
  // Apple
  "icloud.com",
  "me.com",
  "mac.com",
  // United Internet and similar portals
  "gmx.de",
  "gmx.net",
  "gmx.com",
  "gmx.at",
  "gmx.ch",
  "gmx.us",
  "web.de",
  "mail.com",
  "email.com",
  "t-online.de",
  "freenet.de",
  // Privacy-oriented providers
  "proton.me",
  "protonmail.com",
  "protonmail.ch",
  "pm.me",
  "tutanota.com",
  "tutanota.de",
  "tutamail.com",
  "tuta.io",
  "tuta.com",
  "mailbox.org",
  "posteo.de",
  "posteo.net",
  // Independent providers
  "zoho.com",
  "zohomail.com",
  "fastmail.com",
  "fastmail.fm",
  "hey.com",
  // Russia and neighbours
  "yandex.ru",
  "yandex.com",
  "ya.ru",
  "mail.ru",
  "bk.ru",
  "inbox.ru",
  "list.ru",
  "rambler.ru",
  // China
  "qq.com",
  "foxmail.com",
  "163.com",
  "126.com",
  "yeah.net",
  "sina.com",
  "sohu.com",
  "aliyun.com",
  // Korea
  "naver.com",
  "hanmail.net",
  "daum.net",
  // France
  "orange.fr",
  "wanadoo.fr",
  "free.fr",
  "laposte.net",
  "sfr.fr",
  // Italy
  "libero.it",
  "virgilio.it",
  "tiscali.it",
  // Central Europe
  "seznam.cz",
  "email.cz",
  "centrum.cz",
  "wp.pl",
  "o2.pl",
  "onet.pl",
  "interia.pl",
  // Elsewhere
  "rediffmail.com",
  "btinternet.com",
  "comcast.net",
  "att.net",
  "verizon.net",
  "bigpond.com",
  "uol.com.br",
  "bol.com.br",
]);

/**
 * True when the ASCII domain is a listed free-mail domain or a subdomain of
 * one ("mail.gmail.com"); comparison ignores case and a trailing dot.
 */
export function isFreeMailDomain(asciiDomain: string): boolean {
  const labels = asciiDomain.trim().toLowerCase().replace(/\.$/, "").split(".");
  // Walk suffixes from the full name down, so "a.b.gmail.com" is caught while
  // "gmail.com.evil.org" and "notgmail.com" are not.
  for (let i = 0; i < labels.length - 1; i++) {
    if (FREE_MAIL_DOMAINS.has(labels.slice(i).join("."))) return true;
  }
  return false;
}

/**
 * True when the ASCII domain is itself a public suffix under the Public Suffix
 * List (ICANN and private sections, as shipped by `tldts`): "co.uk", "com",
 * "github.io". Names under a suffix ("acme.co.uk", "mail.acme.co.uk") are not;
 * a name under no listed suffix counts as registrable below its last label,
 * so "acme.test" is accepted and a single label is not.
 */
export function isPublicSuffix(asciiDomain: string): boolean {
  const name = asciiDomain.trim().toLowerCase().replace(/\.$/, "");
  return parse(name, { allowPrivateDomains: true, extractHostname: false }).domain === null;
}
