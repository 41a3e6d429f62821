import { CreateWebhookEndpointDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useCreateWebhookEndpointMutation() {
  return useAnnouncedMutation(CreateWebhookEndpointDocument, {
    success: () => "Webhook endpoint added. Copy its signing secret now: it is shown only once.",
    update(cache) {
      cache.evict({ id: "ROOT_QUERY", fieldName: "webhookEndpoints" });
      cache.gc();
    },
  });
}
