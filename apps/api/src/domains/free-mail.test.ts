import { FREE_MAIL_DOMAINS, isFreeMailDomain } from "./free-mail";

describe("FREE_MAIL_DOMAINS", () => {
  it("lists the major providers in lower-case ASCII form", () => {
    expect(FREE_MAIL_DOMAINS.size).toBeGreaterThanOrEqual(60);
    for (const domain of FREE_MAIL_DOMAINS) {
      expect(domain).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    }
  });
});

describe("isFreeMailDomain", () => {
  it.each(["gmail.com", "googlemail.com", "yahoo.co.uk", "hotmail.com", "outlook.com", "icloud.com", "gmx.de", "proton.me", "qq.com", "163.com", "wp.pl"])(
    "accepts the listed domain %s",
    (domain) => {
      expect(isFreeMailDomain(domain)).toBe(true);
    },
  );

  it.each(["mail.gmail.com", "a.b.yahoo.co.uk", "GMAIL.COM", "Mail.GMail.com", "gmail.com."])(
    "accepts %s as a subdomain or spelling of a listed domain",
    (domain) => {
      expect(isFreeMailDomain(domain)).toBe(true);
    },
  );

  it.each(["acme.com", "gmail.com.evil.org", "notgmail.com", "gmail.co", "co.uk", "com", ""])("rejects %s", (domain) => {
    expect(isFreeMailDomain(domain)).toBe(false);
  });
});
