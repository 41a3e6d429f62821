import { MyRequestAliasDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useMyRequestAliasMutation(accountId: string) {
  return useAnnouncedMutation(MyRequestAliasDocument, {
    success: (data) =>
      data.requestAlias.claim
        ? `Confirmation sent to ${data.requestAlias.claim.unicodeAddress}. Open the link in that message to finish.`
        : `${data.requestAlias.alias?.unicodeAddress ?? "The alias"} is now an alias of your account.`,
    // The account's lists are asked for again (they are short) rather than patched.
    update(cache) {
      const id = cache.identify({ __typename: "Account", id: accountId });
      cache.evict({ id, fieldName: "pendingAliasClaims" });
      cache.evict({ id, fieldName: "addresses" });
    },
  });
}
