import { MailService } from "../domains/domain.entity";
import { AddressKind } from "./address.entity";

/**
 * What a replaced PRIMARY (or GROUP) address becomes so mail to it keeps
 * arriving: a SECONDARY on an EXCHANGE domain, where secondaries exist; an
 * ALIAS on a WEB_EMAIL domain, which has no secondary addresses.
 */
export function formerPrimaryKind(mailService: MailService | null | undefined): AddressKind.SECONDARY | AddressKind.ALIAS {
  return mailService === MailService.EXCHANGE ? AddressKind.SECONDARY : AddressKind.ALIAS;
}
