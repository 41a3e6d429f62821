import { DisableAccountDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useDisableAccountMutation() {
  return useAnnouncedMutation(DisableAccountDocument, {
    success: (data) => `${data.disableAccount.displayName} is disabled: no mail is delivered and it cannot sign in.`,
  });
}
