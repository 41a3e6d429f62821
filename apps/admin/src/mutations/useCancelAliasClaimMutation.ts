import { AccountDocument, CancelAliasClaimDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useCancelAliasClaimMutation(accountId: string) {
  return useAnnouncedMutation(CancelAliasClaimDocument, {
    success: (data) => `The request for ${data.cancelAliasClaim.unicodeAddress} is withdrawn; its link no longer works.`,
    update(cache, { data }) {
      if (!data) return;
      cache.updateQuery({ query: AccountDocument, variables: { id: accountId } }, (current) =>
        current?.account.pendingAliasClaims
          ? { account: { ...current.account, pendingAliasClaims: current.account.pendingAliasClaims.filter((c) => c.id !== data.cancelAliasClaim.id) } }
          : current,
      );
    },
  });
}
