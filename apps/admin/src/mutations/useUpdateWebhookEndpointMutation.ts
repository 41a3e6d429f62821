import { UpdateWebhookEndpointDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useUpdateWebhookEndpointMutation() {
  return useAnnouncedMutation(UpdateWebhookEndpointDocument, {
    success: (data, variables) =>
      variables.input.enabled === undefined
        ? `Webhook endpoint ${data.updateWebhookEndpoint.url} saved.`
        : data.updateWebhookEndpoint.enabled
          ? `${data.updateWebhookEndpoint.url} is enabled: new events are sent to it.`
          : `${data.updateWebhookEndpoint.url} is disabled: it gets no new deliveries.`,
  });
}
