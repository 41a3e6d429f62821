import { domainToASCII } from "node:url";

/** Unicode-aware folding for search: SQLite's LOWER() and LIKE fold ASCII only. */
export function searchFold(value: string): string {
  return value.normalize("NFC").toLowerCase();
}

// "!" rather than a backslash: MySQL reads '\' in a string literal as an escaped quote.
export function escapeLike(value: string): string {
  return value.replace(/[!%_]/g, (c) => `!${c}`);
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * A search term as it could appear in a stored (ASCII, punycode) address, or
 * null when it cannot: addresses are ascii_bin on MySQL, and comparing them
 * with non-ASCII text is an error there, so such a term must never reach that
 * column. A Unicode domain after "@" is converted (`ann@bücher` finds
 * `ann@xn--bcher-kva…`).
 */
export function addressSearchTerm(term: string): string | null {
  const at = term.lastIndexOf("@");
  const candidate = at >= 0 && !ASCII.test(term.slice(at + 1)) ? `${term.slice(0, at + 1)}${domainToASCII(term.slice(at + 1)) || term.slice(at + 1)}` : term;
  return ASCII.test(candidate) ? candidate : null;
}
