import { TestWebhookEndpointDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useTestWebhookEndpointMutation() {
  return useAnnouncedMutation(TestWebhookEndpointDocument, {
    success: () => "A webhook.test event is on its way; its outcome appears in the delivery log.",
    // The new delivery heads the log (newest first): the log is asked for again.
    // No gc: the delivery itself stays cached for the page that follows its outcome.
    update(cache) {
      cache.evict({ id: "ROOT_QUERY", fieldName: "webhookDeliveries" });
    },
  });
}
