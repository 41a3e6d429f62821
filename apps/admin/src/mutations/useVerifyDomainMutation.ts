import { VerifyDomainDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

export function useVerifyDomainMutation() {
  return useAnnouncedMutation(VerifyDomainDocument, {
    success: (data) => `${data.verifyDomain.unicodeName} is verified.`,
  });
}
