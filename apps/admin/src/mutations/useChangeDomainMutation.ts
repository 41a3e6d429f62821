import { ChangeDomainDocument } from "@postroom/schema";
import { countOf } from "../components/labels";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useChangeDomainMutation() {
  return useAnnouncedMutation(ChangeDomainDocument, {
    success: ({ changeDomain: result }, variables) =>
      variables.input.dryRun
        ? `Dry run: no conflict; ${countOf(result.changed, "address", "addresses")} would move from ${result.from.unicodeName} to ${result.to.unicodeName}.`
        : `${countOf(result.changed, "address", "addresses")} moved from ${result.from.unicodeName} to ${result.to.unicodeName}.`,
    update(cache, { data }, { variables }) {
      if (!data || variables?.input.dryRun) return;
      // Thousands of addresses changed: every cached account and list reloads.
      cache.evict({ id: "ROOT_QUERY", fieldName: "accounts" });
      cache.evict({ id: "ROOT_QUERY", fieldName: "account" });
      cache.evict({ id: "ROOT_QUERY", fieldName: "resolveAddress" });
      cache.gc();
    },
  });
}
