import { UpdateGroupDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useUpdateGroupMutation() {
  return useAnnouncedMutation(UpdateGroupDocument, {
    success: (data) => `Settings of ${data.updateGroup.name} saved.`,
  });
}
