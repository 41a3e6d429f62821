import { DeleteGroupDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useDeleteGroupMutation() {
  return useAnnouncedMutation(DeleteGroupDocument, {
    success: (data) => `Group ${data.deleteGroup.name} deleted; its address is free again.`,
    update(cache, { data }) {
      if (!data) return;
      cache.evict({ id: cache.identify({ __typename: "DistributionGroup", id: data.deleteGroup.id }) });
      cache.evict({ fieldName: "groups" });
      cache.gc();
    },
  });
}
