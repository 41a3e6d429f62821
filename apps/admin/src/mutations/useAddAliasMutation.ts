import { AccountDocument, AddAliasDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useAddAliasMutation(accountId: string) {
  return useAnnouncedMutation(AddAliasDocument, {
    success: ({ addAlias }) =>
      addAlias.alias
        ? `${addAlias.alias.unicodeAddress} is an alias now and receives mail at once.`
        : `A confirmation link went to ${addAlias.claim?.unicodeAddress ?? "the address"}; the alias works once it is opened.`,
    update(cache, { data }) {
      if (!data) return;
      cache.updateQuery({ query: AccountDocument, variables: { id: accountId } }, (current) => {
        if (!current) return current;
        const { alias, claim } = data.addAlias;
        return {
          account: {
            ...current.account,
            addresses: alias && current.account.addresses ? [...current.account.addresses, alias] : current.account.addresses,
            pendingAliasClaims:
              claim && current.account.pendingAliasClaims
                ? [...current.account.pendingAliasClaims.filter((c) => c.id !== claim.id), claim]
                : current.account.pendingAliasClaims,
          },
        };
      });
    },
  });
}
