import { useApolloClient, useMutation } from "@apollo/client/react";
import { LogoutDocument } from "@postroom/schema";
import { useCallback, useState } from "react";
import { describeError } from "../errors";

export function useLogoutMutation() {
  const client = useApolloClient();
  const [mutate, { loading }] = useMutation(LogoutDocument);
  const [error, setError] = useState<string | null>(null);

  /** Ends the session; `leave` moves off the signed-in pages before the cache is cleared. */
  const logout = useCallback(
    async (leave: () => Promise<void>): Promise<boolean> => {
      setError(null);
      try {
        await mutate();
        await leave();
        // Nothing fetched under this session may show up in the next one.
        await client.clearStore();
        return true;
      } catch (caught) {
        setError(describeError(caught).message);
        return false;
      }
    },
    [client, mutate],
  );

  return { logout, loading, error };
}
