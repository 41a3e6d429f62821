import { GraphQLError } from "graphql";

/**
 * Every refusal a client may see. Each class carries one literal code from the
 * contract (DESIGN.md §3); `formatError` passes these through and masks the rest.
 * Services throw them; they are the only errors meant to reach a client.
 */
export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "INVALID_ADDRESS",
  "ADDRESS_TAKEN",
  "DOMAIN_TAKEN",
  "DOMAIN_NOT_VERIFIED",
  "DOMAIN_NOT_OWNED",
  "FREE_MAIL_DOMAIN",
  "DOMAIN_SERVICE_CONFLICT",
  "DOMAIN_IN_USE",
  "DOMAIN_VERIFICATION_FAILED",
  "ALIAS_NOT_ALLOWED",
  "ALIAS_LIMIT_REACHED",
  "INVALID_TOKEN",
  "GROUP_CYCLE",
  "ACCOUNT_DISABLED",
  "RATE_LIMITED",
  "IDEMPOTENCY_KEY_REUSED",
  "IDEMPOTENCY_IN_PROGRESS",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class PostroomError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, { extensions: { code, ...details } });
  }
}

const define = (code: ErrorCode, fallback: string) =>
  class extends PostroomError {
    constructor(message: string = fallback, details?: Record<string, unknown>) {
      super(code, message, details);
    }
  };

export class UnauthenticatedError extends define("UNAUTHENTICATED", "Sign in first.") {}
export class ForbiddenError extends define("FORBIDDEN", "You are not allowed to do this.") {}
export class NotFoundError extends define("NOT_FOUND", "Not found.") {}
export class BadUserInputError extends define("BAD_USER_INPUT", "Invalid input.") {}
export class InvalidAddressError extends define("INVALID_ADDRESS", "This is not a valid email address.") {}
export class AddressTakenError extends define("ADDRESS_TAKEN", "This address is already in use.") {}
export class DomainTakenError extends define("DOMAIN_TAKEN", "This domain belongs to another organization.") {}
export class DomainNotVerifiedError extends define("DOMAIN_NOT_VERIFIED", "This domain is not verified yet.") {}
export class DomainNotOwnedError extends define("DOMAIN_NOT_OWNED", "This domain is not one of the organization's domains.") {}
export class FreeMailDomainError extends define("FREE_MAIL_DOMAIN", "Public mail provider domains cannot be used.") {}
export class DomainServiceConflictError extends define("DOMAIN_SERVICE_CONFLICT", "This domain serves another mail service.") {}
export class DomainInUseError extends define("DOMAIN_IN_USE", "Addresses still use this domain.") {}
export class DomainVerificationFailedError extends define("DOMAIN_VERIFICATION_FAILED", "The verification TXT record was not found.") {}
export class AliasNotAllowedError extends define("ALIAS_NOT_ALLOWED", "Aliases cannot be managed on this account.") {}
export class AliasLimitReachedError extends define("ALIAS_LIMIT_REACHED", "This account has reached its alias limit.") {}
export class InvalidTokenError extends define("INVALID_TOKEN", "This link is invalid or has expired.") {}
export class GroupCycleError extends define("GROUP_CYCLE", "This membership would create a cycle.") {}
export class AccountDisabledError extends define("ACCOUNT_DISABLED", "This account is disabled.") {}
export class RateLimitedError extends define("RATE_LIMITED", "Too many attempts; try again later.") {}
export class IdempotencyKeyReusedError extends define("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used for a different request.") {}
export class IdempotencyInProgressError extends define("IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is still running; retry shortly.") {}
