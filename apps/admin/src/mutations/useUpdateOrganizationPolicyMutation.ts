import { UpdateOrganizationPolicyDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

/** The answer is normalized by id, so the cached organization updates in place. */
export function useUpdateOrganizationPolicyMutation() {
  return useAnnouncedMutation(UpdateOrganizationPolicyDocument, {
    success: (data) => `Alias policy of ${data.updateOrganizationPolicy.name} saved.`,
  });
}
