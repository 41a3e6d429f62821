import { SetPrimaryAddressDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useSetPrimaryAddressMutation() {
  return useAnnouncedMutation(SetPrimaryAddressDocument, {
    success: (data) => `${data.setPrimaryAddress.primaryAddress?.unicodeAddress ?? "The address"} is the primary address now.`,
    // The account's list row shows the primary address.
    update(cache) {
      cache.evict({ id: "ROOT_QUERY", fieldName: "accounts" });
      cache.gc();
    },
  });
}
