import { OffboardAccountDocument } from "@postroom/schema";
import { countOf } from "../components/labels";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useOffboardAccountMutation() {
  return useAnnouncedMutation(OffboardAccountDocument, {
    success: ({ offboardAccount: result }, variables) =>
      variables.input.dryRun
        ? `Preview ready: ${countOf(result.moved.length, "address", "addresses")} would move to ${result.target.displayName}, ${result.released.length} would be released.`
        : `${result.leaver.displayName} is offboarded: ${countOf(result.moved.length, "address", "addresses")} moved to ${result.target.displayName}.`,
    update(cache, { data }, { variables }) {
      if (!data || variables?.input.dryRun) return;
      // Both accounts changed (status, addresses): their pages and every list reload.
      cache.evict({ id: cache.identify({ __typename: "Account", id: data.offboardAccount.leaver.id }) });
      cache.evict({ id: cache.identify({ __typename: "Account", id: data.offboardAccount.target.id }) });
      cache.evict({ id: "ROOT_QUERY", fieldName: "accounts" });
      cache.gc();
    },
  });
}
