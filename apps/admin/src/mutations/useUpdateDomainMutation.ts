import { UpdateDomainDocument } from "@postroom/schema";
import { useAnnouncedMutation } from "./useAnnouncedMutation";

const SERVICE_NAMES = { EXCHANGE: "Exchange", WEB_EMAIL: "Web e-mail" } as const;

export function useUpdateDomainMutation() {
  return useAnnouncedMutation(UpdateDomainDocument, {
    success: (data) => `${data.updateDomain.unicodeName} now serves ${SERVICE_NAMES[data.updateDomain.mailService]}.`,
  });
}
