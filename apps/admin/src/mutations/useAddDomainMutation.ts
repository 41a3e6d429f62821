import { AddDomainDocument, DomainsDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useAddDomainMutation(organizationId: string | undefined) {
  return useAnnouncedMutation(AddDomainDocument, {
    success: (data) => `Domain ${data.addDomain.unicodeName} added. Publish its TXT record, then press Check now.`,
    update(cache, { data }) {
      if (!data) return;
      cache.updateQuery({ query: DomainsDocument, variables: { organizationId } }, (current) =>
        current ? { domains: [...current.domains, data.addDomain].sort((a, b) => a.name.localeCompare(b.name)) } : current,
      );
    },
  });
}
