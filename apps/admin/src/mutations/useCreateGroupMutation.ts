import { CreateGroupDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useCreateGroupMutation() {
  return useAnnouncedMutation(CreateGroupDocument, {
    success: (data) => `Group ${data.createGroup.name} created. Add its members next.`,
  });
}
