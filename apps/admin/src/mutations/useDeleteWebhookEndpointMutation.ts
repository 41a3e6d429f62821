import { DeleteWebhookEndpointDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useDeleteWebhookEndpointMutation(url: string) {
  return useAnnouncedMutation(DeleteWebhookEndpointDocument, {
    success: () => `Webhook endpoint ${url} deleted, with its delivery log.`,
    update(cache, { data }) {
      if (!data) return;
      cache.evict({ id: cache.identify({ __typename: "WebhookEndpoint", id: data.deleteWebhookEndpoint }) });
      cache.evict({ id: "ROOT_QUERY", fieldName: "webhookEndpoints" });
      cache.gc();
    },
  });
}
