import type { OutgoingMessage } from "./mailer";

export interface AliasConfirmationFacts {
  to: string;
  aliasDisplay: string;
  accountName: string;
  accountAddress: string;
  organizationName: string;
  link: string;
  expiresAt: Date;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/**
 * The confirmation message sent to the alias address: who asked, for which
 * account and organization, what clicking does, and what to do if nobody asked.
 * Plain text and HTML with the same content; no images, no tracking.
 */
export function aliasConfirmationMessage(f: AliasConfirmationFacts): OutgoingMessage {
  const until = f.expiresAt.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const subject = `Confirm ${f.aliasDisplay} as an alias of ${f.accountAddress}`;
  const text = [
    `${f.organizationName} asked to add ${f.aliasDisplay} as an alias of the account`,
    `${f.accountName} <${f.accountAddress}>.`,
    "",
    "Once confirmed, mail sent to this address will be delivered to that account's inbox.",
    "Open this link and press Confirm to prove you own this address:",
    "",
    f.link,
    "",
    `The link works once and expires at ${until}.`,
    "",
    "If you did not ask for this, ignore this message: nothing changes and this",
    "address stays unlinked.",
  ].join("\n");
  const e = escapeHtml;
  const html = [
    "<!doctype html><html><body>",
    `<p>${e(f.organizationName)} asked to add <strong>${e(f.aliasDisplay)}</strong> as an alias of the account ${e(f.accountName)} &lt;${e(f.accountAddress)}&gt;.</p>`,
    "<p>Once confirmed, mail sent to this address will be delivered to that account's inbox. Open this link and press Confirm to prove you own this address:</p>",
    `<p><a href="${e(f.link)}">${e(f.link)}</a></p>`,
    `<p>The link works once and expires at ${e(until)}.</p>`,
    "<p>If you did not ask for this, ignore this message: nothing changes and this address stays unlinked.</p>",
    "</body></html>",
  ].join("\n");
  return { to: f.to, subject, text, html, logHint: f.link };
}
