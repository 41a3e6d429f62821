import { AccountDocument, AddSecondaryAddressDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useAddSecondaryAddressMutation(accountId: string) {
  return useAnnouncedMutation(AddSecondaryAddressDocument, {
    success: ({ addSecondaryAddress: address }) =>
      address.status === "ACTIVE"
        ? `${address.unicodeAddress} is a secondary address now.`
        : `${address.unicodeAddress} is reserved; it receives mail once the mail system has provisioned it.`,
    update(cache, { data }) {
      if (!data) return;
      cache.updateQuery({ query: AccountDocument, variables: { id: accountId } }, (current) =>
        current?.account.addresses ? { account: { ...current.account, addresses: [...current.account.addresses, data.addSecondaryAddress] } } : current,
      );
    },
  });
}
