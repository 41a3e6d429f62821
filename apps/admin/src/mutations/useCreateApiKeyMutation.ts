import { CreateApiKeyDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useCreateApiKeyMutation() {
  return useAnnouncedMutation(CreateApiKeyDocument, {
    success: (data) => `API key ${data.createApiKey.apiKey.name} created. Copy its secret now: it is shown only once.`,
    // Keys are listed newest first: the cached pages move, so they are asked for again.
    update(cache) {
      cache.evict({ id: "ROOT_QUERY", fieldName: "apiKeys" });
      cache.gc();
    },
  });
}
