import { useApolloClient, useMutation } from "@apollo/client/react";
import { LogoutDocument } from "@postroom/schema";
import { useCallback, useState } from "react";
import { errorMessage } from "../errors";

export function useLogoutMutation() {
  const client = useApolloClient();
  const [mutate, { loading }] = useMutation(LogoutDocument);
  const [error, setError] = useState<string | null>(null);

  const logout = useCallback(async (): Promise<boolean> => {
    setError(null);
    try {
      await mutate();
      // Nothing fetched under this session may show up in the next one.
      // resetStore, not clearStore: clearStore also drops the mounted queries'
      // cache watches, so the page would keep showing the old viewer. Refetching
      // Viewer now answers null and brings back the sign-in page.
      await client.resetStore();
      return true;
    } catch (caught) {
      setError(errorMessage(caught));
      return false;
    }
  }, [client, mutate]);

  return { logout, loading, error };
}
