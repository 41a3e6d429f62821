import type { OperationVariables, TypedDocumentNode } from "@apollo/client";
import { useMutation } from "@apollo/client/react";
import { useToast } from "@postroom/ui";
import { useCallback, useState } from "react";
import { describeError } from "../errors";
import type { DescribedError } from "../errors";

export interface AnnouncedMutationOptions<TData, TVariables extends OperationVariables> {
  /** What to announce in the live region when the mutation succeeds. */
  success: (data: TData, variables: TVariables) => string;
  /** Cache update after success, so lists change without a refetch. */
  update?: useMutation.Options<TData, TVariables>["update"];
}

/**
 * The shared core of every `useXMutation` hook: runs the mutation, keeps its
 * button disabled while it runs (`loading`), announces the outcome in the
 * live region and maps a refusal through the one error helper. The error is
 * returned, not announced, so the page shows it next to the field or action
 * that caused it.
 */
export function useAnnouncedMutation<TData, TVariables extends OperationVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  { success, update }: AnnouncedMutationOptions<TData, TVariables>,
) {
  const toast = useToast();
  const [mutate, { loading }] = useMutation(document, { update });
  const [error, setError] = useState<DescribedError | null>(null);

  const run = useCallback(
    async (variables: TVariables): Promise<TData | null> => {
      setError(null);
      try {
        const send = mutate as unknown as (options: { variables: TVariables }) => Promise<{ data?: TData | null }>;
        const { data } = await send({ variables });
        if (!data) return null;
        toast.announce(success(data, variables), "success");
        return data;
      } catch (caught) {
        setError(describeError(caught));
        return null;
      }
    },
    [mutate, success, toast],
  );

  const reset = useCallback(() => setError(null), []);
  return { run, loading, error, reset };
}
