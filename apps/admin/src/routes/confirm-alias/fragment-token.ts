/** The token of a confirmation link's `#t=<token>` fragment, or null when it has none. */
export function tokenFromFragment(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, "")).get("t")?.trim();
  return token ? token : null;
}

/**
 * Drops the fragment from the address bar by replacing the current history
 * entry, so a token is neither left on screen nor kept in the history where
 * the back button or a later visitor could find it.
 */
export function removeFragment(): void {
  const { hash, pathname, search } = window.location;
  if (hash === "") return;
  window.history.replaceState(window.history.state, "", pathname + search);
}
