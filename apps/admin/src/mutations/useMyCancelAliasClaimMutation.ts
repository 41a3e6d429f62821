import { MyCancelAliasClaimDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useMyCancelAliasClaimMutation(address: string) {
  return useAnnouncedMutation(MyCancelAliasClaimDocument, {
    success: () => `The request for ${address} was withdrawn; its link no longer works.`,
    update(cache, { data }) {
      if (!data) return;
      cache.evict({ id: cache.identify({ __typename: "AliasClaim", id: data.cancelAliasClaim.id }) });
      cache.gc();
    },
  });
}
