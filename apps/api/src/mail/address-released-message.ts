import type { OutgoingMessage } from "./mailer";

export interface AddressReleasedFacts {
  /** The account's primary address. */
  to: string;
  accountName: string;
  /** Display forms of the released addresses, all on `domainDisplay`. */
  released: string[];
  domainDisplay: string;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/**
 * Tells an account why addresses it had stopped reaching it: the domain's
 * owner proved ownership, and the owner's namespace wins. Names neither the
 * other organization nor anyone in it.
 */
export function addressReleasedMessage(f: AddressReleasedFacts): OutgoingMessage {
  const list = f.released.join(", ");
  const subject =
    f.released.length === 1
      ? `${list} is no longer an alias of your account`
      : `${f.released.length} aliases on ${f.domainDisplay} are no longer on your account`;
  const text = [
    `Hello ${f.accountName},`,
    "",
    `The owner of the domain ${f.domainDisplay} has verified it, so addresses on it are`,
    "theirs to assign. These aliases were removed from your account and no longer",
    "deliver to you:",
    "",
    ...f.released.map((a) => `  ${a}`),
    "",
    "Your other addresses are unchanged. If you still need one of these addresses,",
    `ask whoever manages mail for ${f.domainDisplay}.`,
  ].join("\n");
  const e = escapeHtml;
  const html = [
    "<!doctype html><html><body>",
    `<p>Hello ${e(f.accountName)},</p>`,
    `<p>The owner of the domain <strong>${e(f.domainDisplay)}</strong> has verified it, so addresses on it are theirs to assign. These aliases were removed from your account and no longer deliver to you:</p>`,
    `<ul>${f.released.map((a) => `<li>${e(a)}</li>`).join("")}</ul>`,
    `<p>Your other addresses are unchanged. If you still need one of these addresses, ask whoever manages mail for ${e(f.domainDisplay)}.</p>`,
    "</body></html>",
  ].join("\n");
  return { to: f.to, subject, text, html };
}
