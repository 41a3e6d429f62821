import { MyResendAliasConfirmationDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useMyResendAliasConfirmationMutation() {
  return useAnnouncedMutation(MyResendAliasConfirmationDocument, {
    success: (data) => `A new link was sent to ${data.resendAliasConfirmation.unicodeAddress}; the previous one no longer works.`,
  });
}
