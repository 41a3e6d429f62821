import { RotateWebhookSecretDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useRotateWebhookSecretMutation() {
  return useAnnouncedMutation(RotateWebhookSecretDocument, {
    success: () => "The endpoint has a new signing secret. Copy it now: it is shown only once.",
  });
}
