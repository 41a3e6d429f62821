import { RotateApiKeyDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

/** The key is normalized by id, so its row shows the rotation at once. */
export function useRotateApiKeyMutation() {
  return useAnnouncedMutation(RotateApiKeyDocument, {
    success: (data) => `API key ${data.rotateApiKey.apiKey.name} has a new secret. Copy it now: it is shown only once.`,
  });
}
