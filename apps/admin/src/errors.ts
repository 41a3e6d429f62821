import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";

/** Every refusal the contract names (DESIGN.md §3), each with a message a person can act on. */
export const ERROR_MESSAGES = {
  UNAUTHENTICATED: "Your session has ended. Sign in again to continue.",
  FORBIDDEN: "Your role does not allow this. Ask an administrator of the organization.",
  NOT_FOUND: "This no longer exists, or it belongs to another organization.",
  BAD_USER_INPUT: "Some of the values entered are not accepted. Check the highlighted field.",
  INVALID_ADDRESS: "This is not a valid email address.",
  ADDRESS_TAKEN: "This address is already in use by another account or group.",
  DOMAIN_TAKEN: "This domain is already registered, by this or another organization.",
  DOMAIN_NOT_VERIFIED: "This domain is not verified yet: publish its TXT record, then press Check now on the Domains page.",
  DOMAIN_NOT_OWNED: "This domain is not one of the organization's domains. Add and verify it first.",
  FREE_MAIL_DOMAIN: "Public mail providers (gmail.com, yahoo.com, …) cannot be used; only the organization's own domains.",
  DOMAIN_SERVICE_CONFLICT: "This domain serves the other mail service. Change the domain's mail service first.",
  DOMAIN_IN_USE: "Addresses still use this domain. Move or remove them first.",
  DOMAIN_VERIFICATION_FAILED: "The verification TXT record was not found at the domain yet. DNS changes can take a while to appear.",
  ALIAS_NOT_ALLOWED: "This account may not have aliases managed this way. An administrator can change its profile or the organization's policy.",
  ALIAS_LIMIT_REACHED: "This account has reached the organization's limit of aliases per account.",
  INVALID_TOKEN: "This confirmation link is invalid, already used, or expired. Ask for a new one.",
  GROUP_CYCLE: "A group cannot contain itself, directly or through another group.",
  ACCOUNT_DISABLED: "This account is disabled. Enable it first.",
  RATE_LIMITED: "Too many attempts in a short time. Wait a moment, then try again.",
  IDEMPOTENCY_KEY_REUSED: "This request was already sent with different values.",
  IDEMPOTENCY_IN_PROGRESS: "The same request is still running. Wait a moment, then try again.",
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

const UNREACHABLE = "The server could not be reached. Check your connection, then retry.";
const SERVER_FAILED = "The server could not complete this request. Retry; if it keeps failing, the server log says why.";

export interface DescribedError {
  /** A contract code when the server sent one. */
  code: ErrorCode | null;
  /** What to show, next to the field or action that caused it. */
  message: string;
  /** The input field the server blamed (extensions.field), if any. */
  field: string | null;
  /** The request may succeed if sent again unchanged (network, server failure, rate limit). */
  retryable: boolean;
  /** The error's extensions beyond code: details such as retryAfter or found. */
  extensions: Record<string, unknown>;
}

interface ErrorBody {
  errors?: { message?: string; extensions?: Record<string, unknown> }[];
}

// A non-2xx answer sent as plain application/json (a rate limiter, say) reaches
// us as a ServerError; its body may still carry GraphQL errors worth showing.
function parseBody(error: ServerError): ErrorBody | undefined {
  try {
    return JSON.parse(error.bodyText) as ErrorBody;
  } catch {
    return undefined;
  }
}

function firstError(error: unknown): { message?: string; extensions?: Record<string, unknown> } | undefined {
  if (CombinedGraphQLErrors.is(error)) return error.errors[0] as { message?: string; extensions?: Record<string, unknown> };
  if (ServerError.is(error)) return parseBody(error)?.errors?.[0];
  return undefined;
}

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(ERROR_MESSAGES, code);
}

/**
 * The one mapping from an Apollo error to what the console shows. Contract
 * refusals keep the server's wording (it names the address or domain at
 * fault) and fall back to the table above; anything else is a network or
 * server failure, which a retry may fix.
 */
export function describeError(error: unknown): DescribedError {
  const first = firstError(error);
  const extensions = first?.extensions ?? {};
  const code = isErrorCode(extensions.code) ? extensions.code : null;
  const field = typeof extensions.field === "string" ? extensions.field : null;
  if (!code) {
    const reached = CombinedGraphQLErrors.is(error) || ServerError.is(error);
    return { code: null, message: reached ? SERVER_FAILED : UNREACHABLE, field, retryable: true, extensions };
  }
  // The server's wording names what was limited and when to try again; the table is the fallback.
  let message = first?.message?.trim() || ERROR_MESSAGES[code];
  if (!first?.message?.trim() && code === "RATE_LIMITED" && typeof extensions.retryAfter === "number") {
    message = `Too many attempts in a short time. Try again in ${Math.max(1, Math.ceil(extensions.retryAfter))} seconds.`;
  }
  return { code, message, field, retryable: code === "RATE_LIMITED" || code === "IDEMPOTENCY_IN_PROGRESS", extensions };
}

/** The first GraphQL error's extensions.code, if the server sent one. */
export function errorCode(error: unknown): string | undefined {
  const code = firstError(error)?.extensions?.code;
  return typeof code === "string" ? code : undefined;
}

/** A message fit for the user. */
export function errorMessage(error: unknown): string {
  return describeError(error).message;
}
