import type { NextFunction, Request, RequestHandler, Response } from "express";
import { getOperationAST, parse } from "graphql";
import type { Principal } from "../auth/principal";
import { sha256 } from "../auth/tokens";
import { BadUserInputError, IdempotencyInProgressError, IdempotencyKeyReusedError, type PostroomError } from "../errors";
import type { IdempotencyStore } from "./idempotency.store";

export const IDEMPOTENCY_HEADER = "idempotency-key";
export const REPLAYED_HEADER = "Idempotent-Replayed";
const MAX_KEY_LENGTH = 255;
/** Answers not worth keeping: a retry should run again. */
const RETRYABLE_CODES = new Set(["INTERNAL_SERVER_ERROR", "RATE_LIMITED", "UNAUTHENTICATED"]);

/** JSON with object keys sorted, so the same variables in another order are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function isMutation(query: string, operationName: string | null): boolean {
  try {
    return getOperationAST(parse(query, { maxTokens: 2000 }), operationName)?.operation === "mutation";
  } catch {
    return false; // Apollo answers the malformed document itself
  }
}

function refuse(res: Response, error: PostroomError): void {
  res.status(200).json({ errors: [{ message: error.message, extensions: error.extensions }] });
}

function worthKeeping(status: number, body: string): boolean {
  if (status >= 500) return false;
  try {
    const errors = (JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] }).errors ?? [];
    return !errors.some((e) => RETRYABLE_CODES.has(e.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
  } catch {
    return false;
  }
}

/**
 * `Idempotency-Key` on mutations (DESIGN.md §10, Stripe's semantics): the
 * first answer is kept for 24 hours per (principal, key) with a hash of the
 * document, operation name and variables; a retry gets the same answer again
 * with `Idempotent-Replayed: true`; the same key with another request is
 * IDEMPOTENCY_KEY_REUSED; a retry while the first still runs is
 * IDEMPOTENCY_IN_PROGRESS. Queries, anonymous calls and requests without the
 * header pass through untouched. Answers a retry should not replay (server
 * errors, RATE_LIMITED) are not kept.
 *
 * Runs before Apollo, after the JSON body parser; `authenticate` resolves the
 * caller once and the context reuses it (res.locals.principal).
 */
export function idempotency(store: IdempotencyStore, authenticate: (req: Request) => Promise<Principal | null>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const key = req.get(IDEMPOTENCY_HEADER);
    if (key === undefined || req.method !== "POST") return next();
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      return refuse(res, new BadUserInputError(`The Idempotency-Key header must be 1 to ${MAX_KEY_LENGTH} characters.`, { field: "Idempotency-Key" }));
    }
    const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown } | undefined;
    const query = typeof body?.query === "string" ? body.query : null;
    const operationName = typeof body?.operationName === "string" ? body.operationName : null;
    if (query === null || !isMutation(query, operationName)) return next();
    const principal = authenticate(req);
    res.locals.principal = principal;
    run(store, req, res, next, principal, key, canonicalJson([query, operationName, body?.variables ?? null])).catch(next);
  };
}

async function run(
  store: IdempotencyStore,
  req: Request,
  res: Response,
  next: NextFunction,
  principalPromise: Promise<Principal | null>,
  key: string,
  request: string,
) {
  const principal = await principalPromise;
  if (!principal) return next();
  const principalKey = `${principal.kind}:${principal.id}`;
  const keyHash = sha256(key);
  const claim = await store.claim(principalKey, keyHash, sha256(request));
  switch (claim.kind) {
    case "reused":
      return refuse(res, new IdempotencyKeyReusedError());
    case "inProgress":
      return refuse(res, new IdempotencyInProgressError());
    case "replay":
      res.status(claim.status).setHeader(REPLAYED_HEADER, "true");
      res.type("application/json; charset=utf-8").send(claim.body);
      return;
  }
  let settled = false;
  const send = res.send.bind(res);
  res.send = ((payload: unknown) => {
    settled = true;
    const text = typeof payload === "string" ? payload : Buffer.isBuffer(payload) ? payload.toString("utf8") : JSON.stringify(payload);
    const status = res.statusCode;
    const saved = worthKeeping(status, text) ? store.complete(principalKey, keyHash, status, text) : store.release(principalKey, keyHash);
    // The answer leaves only once it is stored, so a retry after it never finds the key still running.
    saved.then(
      () => send(payload),
      (error: unknown) => next(error),
    );
    return res;
  }) as Response["send"];
  res.on("close", () => {
    if (!settled) void store.release(principalKey, keyHash).catch(() => undefined);
  });
  next();
}
