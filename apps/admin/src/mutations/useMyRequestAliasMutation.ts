import { MyRequestAliasDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useMyRequestAliasMutation() {
  return useAnnouncedMutation(MyRequestAliasDocument, {
    success: (data) =>
      data.requestAlias.claim
        ? `Confirmation sent to ${data.requestAlias.claim.unicodeAddress}. Open the link in that message to finish.`
        : `${data.requestAlias.alias?.unicodeAddress ?? "The alias"} is now an alias of your account.`,
  });
}
