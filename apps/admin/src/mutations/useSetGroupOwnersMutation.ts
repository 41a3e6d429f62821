import { SetGroupOwnersDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useSetGroupOwnersMutation() {
  return useAnnouncedMutation(SetGroupOwnersDocument, {
    success: (data) => `Owners of ${data.setGroupOwners.name} saved.`,
  });
}
