import { useApolloClient } from "@apollo/client/react";
import { RemoveGroupMembersDocument } from "@postroom/schema";
import type { RemoveGroupMembersMutationVariables } from "@postroom/schema";
import { useCallback } from "react";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

/** Removes members, then asks again for the group's page and recipients (a paged roster is not patched by hand). */
export function useRemoveGroupMembersMutation(label: string) {
  const client = useApolloClient();
  const mutation = useAnnouncedMutation(RemoveGroupMembersDocument, {
    success: () => `${label} removed from the group.`,
  });
  const { run: send } = mutation;
  const run = useCallback(
    async (variables: RemoveGroupMembersMutationVariables) => {
      const data = await send(variables);
      if (data) await client.refetchQueries({ include: ["GroupPage", "GroupRecipients"] });
      return data;
    },
    [send, client],
  );
  return { ...mutation, run };
}
