import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { PostroomError } from "./errors";

const QUERY_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** graphql-js suggests names ("Did you mean the enum value \"ADMIN\"?"): never in any message, they map the schema. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, "");
}

/**
 * The only door errors leave by. Contract errors pass as they are; mistakes in
 * the query itself become BAD_USER_INPUT with graphql-js's message (it quotes
 * only the query); everything else is INTERNAL_SERVER_ERROR with a fixed
 * message and is logged here, never sent.
 */
export function createFormatError(log: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof PostroomError) {
      return { message: withoutSuggestions(original.message), locations: formatted.locations, path: formatted.path, extensions: { ...original.extensions } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && QUERY_ERROR_CODES.has(code) && !formatted.path) {
      return { message: withoutSuggestions(formatted.message), locations: formatted.locations, extensions: { code: "BAD_USER_INPUT", reason: code } };
    }
    log(original);
    return { message: "Internal server error.", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
