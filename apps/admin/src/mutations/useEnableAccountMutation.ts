import { EnableAccountDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useEnableAccountMutation() {
  return useAnnouncedMutation(EnableAccountDocument, {
    success: (data) => `${data.enableAccount.displayName} is enabled again.`,
  });
}
