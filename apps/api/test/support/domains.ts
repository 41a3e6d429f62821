import { AddDomainDocument, type AddDomainInput, type DomainDetailsFragment, DomainsDocument } from "../generated/graphql";
import type { TestApp } from "./harness";

/** Shared by the domain suites (domains-add, domains-lifecycle, domains-address-rules, domains-authorization). */

/** A domain as its owner sees it: with the TXT record to publish. */
export type OwnDomain = DomainDetailsFragment & { verificationRecord: NonNullable<DomainDetailsFragment["verificationRecord"]> };

export function domainHelpers(app: TestApp) {
  async function count(table: string, where = "", params: unknown[] = []): Promise<number> {
    return app.count(`SELECT COUNT(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ""}`, params);
  }

  /** Row counts of everything a refused domain or account mutation could leave behind. */
  async function footprint() {
    return { domain: await count("domain"), account: await count("account"), address: await count("address"), audit: await count("audit_event") };
  }

  /** Registers `name` (pending verification) for `organizationId`, or for the caller's own organization when null. */
  async function addDomain(
    organizationId: string | null,
    name: string,
    mailService?: AddDomainInput["mailService"],
    token = app.operatorToken,
  ): Promise<OwnDomain> {
    const input: AddDomainInput = { name };
    if (organizationId) input.organizationId = organizationId;
    if (mailService) input.mailService = mailService;
    const domain = (await app.request(AddDomainDocument, { input }, token)).addDomain;
    expect(domain.verificationRecord).not.toBeNull();
    return domain as OwnDomain;
  }

  /** Publishes a domain's verification record (after `others`) on the loopback DNS server. */
  function publish(record: { name: string; value: string }, others: string[] = []): void {
    app.dns.setTxt(record.name, [...others, record.value]);
  }

  async function domainsOf(organizationId: string, token = app.operatorToken): Promise<DomainDetailsFragment[]> {
    return (await app.request(DomainsDocument, { organizationId }, token)).domains;
  }

  return { count, footprint, addDomain, publish, domainsOf };
}
