import { RedeliverWebhookDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

/** The delivery is normalized by id, so its row turns Pending at once. */
export function useRedeliverWebhookMutation() {
  return useAnnouncedMutation(RedeliverWebhookDocument, {
    success: (data) => `The ${data.redeliverWebhook.eventType} delivery is sent again.`,
  });
}
