import { AccountDocument, RemoveAddressDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useRemoveAddressMutation(accountId: string) {
  return useAnnouncedMutation(RemoveAddressDocument, {
    success: (data) => `${data.removeAddress.unicodeAddress} is removed and free again.`,
    update(cache, { data }) {
      if (!data) return;
      cache.updateQuery({ query: AccountDocument, variables: { id: accountId } }, (current) =>
        current?.account.addresses
          ? { account: { ...current.account, addresses: current.account.addresses.filter((a) => a.id !== data.removeAddress.id) } }
          : current,
      );
    },
  });
}
