import { useMutation } from "@apollo/client/react";
import { ConfirmAliasDocument } from "@postroom/schema";
import { useCallback, useState } from "react";
import { errorCode, errorMessage } from "../errors";

interface ConfirmAliasError {
  message: string;
  /**
   * The link itself is dead (unknown, used, superseded or expired): trying it
   * again cannot help, only a new link can. Other refusals, such as a network
   * failure, may succeed on a retry.
   */
  linkInvalid: boolean;
}

export function useConfirmAliasMutation() {
  // No cache update: the answer is the address and its status only (no id to
  // normalize), and the account's alias list is not fetched
  // by the page that confirms.
  const [mutate, { data, loading, reset: resetResult }] = useMutation(ConfirmAliasDocument);
  const [error, setError] = useState<ConfirmAliasError | null>(null);

  const confirm = useCallback(
    async (token: string): Promise<boolean> => {
      setError(null);
      try {
        await mutate({ variables: { token } });
        return true;
      } catch (caught) {
        setError({ message: errorMessage(caught), linkInvalid: errorCode(caught) === "INVALID_TOKEN" });
        return false;
      }
    },
    [mutate],
  );

  /** Forgets the outcome, for when another link is opened in the same page. */
  const reset = useCallback(() => {
    resetResult();
    setError(null);
  }, [resetResult]);

  return { confirm, reset, loading, alias: data?.confirmAlias ?? null, error };
}
