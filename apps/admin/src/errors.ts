import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";

const UNREACHABLE = "The server could not be reached. Try again in a moment.";

interface ErrorBody {
  errors?: { message?: string; extensions?: { code?: string } }[];
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

/** The first GraphQL error's extensions.code, if the server sent one. */
export function errorCode(error: unknown): string | undefined {
  if (CombinedGraphQLErrors.is(error)) {
    const code = error.errors[0]?.extensions?.code;
    return typeof code === "string" ? code : undefined;
  }
  if (ServerError.is(error)) return parseBody(error)?.errors?.[0]?.extensions?.code;
  return undefined;
}

/** A message fit for the user: the server's own wording when it sent one. */
export function errorMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map((e) => e.message).join(" ") || UNREACHABLE;
  }
  if (ServerError.is(error)) {
    const messages = parseBody(error)?.errors?.map((e) => e.message).filter(Boolean);
    if (messages?.length) return messages.join(" ");
  }
  return UNREACHABLE;
}
