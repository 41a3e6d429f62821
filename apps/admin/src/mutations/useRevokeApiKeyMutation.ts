import { RevokeApiKeyDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useRevokeApiKeyMutation() {
  return useAnnouncedMutation(RevokeApiKeyDocument, {
    success: (data) => `API key ${data.revokeApiKey.name} is revoked: every request with it is refused from now on.`,
  });
}
