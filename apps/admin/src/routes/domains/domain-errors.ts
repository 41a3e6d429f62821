import type { DescribedError } from "../../errors";

export interface VerificationFailure {
  expected: string;
  /** The TXT values found at the name; null when the lookup itself failed. */
  found: string[] | null;
}

/** DOMAIN_VERIFICATION_FAILED carries what was expected and what DNS answered. */
export function verificationFailure(error: DescribedError): VerificationFailure | null {
  if (error.code !== "DOMAIN_VERIFICATION_FAILED") return null;
  const { expected, found } = error.extensions;
  if (typeof expected !== "string") return null;
  return {
    expected,
    found: Array.isArray(found) ? found.filter((v): v is string => typeof v === "string") : null,
  };
}

const KIND_NAMES: Record<string, [string, string]> = {
  PRIMARY: ["primary address", "primary addresses"],
  ALIAS: ["alias", "aliases"],
  SECONDARY: ["secondary address", "secondary addresses"],
  GROUP: ["group address", "group addresses"],
};

/** What still uses a domain, from DOMAIN_IN_USE's extensions: "Still in use by 2 primary addresses and 1 alias." */
export function domainInUseDetails(error: DescribedError): string | null {
  if (error.code !== "DOMAIN_IN_USE") return null;
  const byKind = error.extensions.byKind;
  if (!byKind || typeof byKind !== "object") return null;
  const parts = Object.entries(byKind as Record<string, unknown>)
    .filter(([, n]) => typeof n === "number" && n > 0)
    .map(([kind, n]) => {
      const [one, many] = KIND_NAMES[kind] ?? [kind.toLowerCase(), kind.toLowerCase()];
      return `${n} ${n === 1 ? one : many}`;
    });
  if (parts.length === 0) return null;
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  return `Still in use by ${list}. Move or remove them on the accounts and groups that hold them first.`;
}
