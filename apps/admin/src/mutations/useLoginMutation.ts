import { useMutation } from "@apollo/client/react";
import { LoginDocument, ViewerDocument } from "@postroom/schema";
import { useCallback, useState } from "react";
import { describeError } from "../errors";
import type { DescribedError } from "../errors";

export function useLoginMutation() {
  const [mutate, { loading }] = useMutation(LoginDocument, {
    // Writing the new viewer into the Viewer query lets the console's routes
    // see the session without a second round trip.
    update(cache, { data }) {
      if (!data) return;
      cache.writeQuery({ query: ViewerDocument, data: { viewer: data.login.viewer } });
    },
  });
  const [error, setError] = useState<DescribedError | null>(null);

  const login = useCallback(
    async (email: string, password: string): Promise<boolean> => {
      setError(null);
      try {
        await mutate({ variables: { email, password } });
        return true;
      } catch (caught) {
        setError(describeError(caught));
        return false;
      }
    },
    [mutate],
  );

  return { login, loading, error };
}
