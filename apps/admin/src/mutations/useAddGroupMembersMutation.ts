import { useMutation } from "@apollo/client/react";
import { AddGroupMembersDocument } from "@postroom/schema";
import type { GroupMemberInput } from "@postroom/schema";
import { useCallback } from "react";
import { describeError } from "../errors";
import type { DescribedError } from "../errors";

export type AddOutcome = { ok: true; added: boolean } | { ok: false; error: DescribedError };

/**
 * Adds one member per call. The API refuses a whole batch on one bad member
 * (a cycle, say), so a pasted list is sent line by line and each line gets
 * its own outcome; "already a member" is a call that did not change the
 * member count. Lists the group's page and recipients again afterwards.
 */
export function useAddGroupMembersMutation(groupId: string) {
  const [mutate, { loading }] = useMutation(AddGroupMembersDocument, { refetchQueries: ["GroupPage", "GroupRecipients"] });

  const addOne = useCallback(
    async (member: GroupMemberInput, countBefore: number): Promise<AddOutcome & { count: number }> => {
      try {
        const { data } = await mutate({ variables: { groupId, members: [member] } });
        const count = data?.addGroupMembers.memberCount ?? countBefore;
        return { ok: true, added: count > countBefore, count };
      } catch (caught) {
        return { ok: false, error: describeError(caught), count: countBefore };
      }
    },
    [mutate, groupId],
  );

  return { addOne, loading };
}
