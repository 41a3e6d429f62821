import { UpdateAccountDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useUpdateAccountMutation() {
  return useAnnouncedMutation(UpdateAccountDocument, {
    success: (data, variables) =>
      variables.input.password && Object.keys(variables.input).length === 1
        ? `Password of ${data.updateAccount.displayName} changed; its other sessions have ended.`
        : `${data.updateAccount.displayName} saved.`,
  });
}
