import { CreateAccountDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useCreateAccountMutation() {
  return useAnnouncedMutation(CreateAccountDocument, {
    success: (data) => `Account ${data.createAccount.displayName} created.`,
    // The new account lands on a page chosen by its name (keyset order), so
    // cached pages and counts are dropped rather than patched.
    update(cache) {
      cache.evict({ id: "ROOT_QUERY", fieldName: "accounts" });
      cache.gc();
    },
  });
}
