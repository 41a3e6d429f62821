import { ResendAliasConfirmationDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useResendAliasConfirmationMutation() {
  return useAnnouncedMutation(ResendAliasConfirmationDocument, {
    success: (data) => `A new confirmation link went to ${data.resendAliasConfirmation.unicodeAddress}; the previous one no longer works.`,
  });
}
