import { RemoveDomainDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useRemoveDomainMutation(name: string) {
  return useAnnouncedMutation(RemoveDomainDocument, {
    success: () => `Domain ${name} removed.`,
    update(cache, { data }) {
      if (!data) return;
      cache.evict({ id: cache.identify({ __typename: "Domain", id: data.removeDomain.id }) });
      cache.gc();
    },
  });
}
