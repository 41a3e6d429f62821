import { AliasNotAllowedError } from "../errors";

/** A GUEST account never manages aliases; the message names the way out (a profile upgrade). */
export function guestRefusal(): AliasNotAllowedError {
  return new AliasNotAllowedError("Guest accounts cannot manage aliases. Contact your administrator to request a User Group profile upgrade.");
}
