import { CreateOrganizationDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useCreateOrganizationMutation() {
  return useAnnouncedMutation(CreateOrganizationDocument, {
    success: (data) => `Organization ${data.createOrganization.name} created.`,
    // A new organization lands on a page the user is not looking at (keyset
    // order), so the cached pages are dropped rather than patched.
    update(cache) {
      cache.evict({ id: "ROOT_QUERY", fieldName: "organizations" });
      cache.gc();
    },
  });
}
