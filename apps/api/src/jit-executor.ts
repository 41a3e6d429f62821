import type { GatewayExecutor, GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from "@apollo/server-gateway-interface";
import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLSchema, execute, getOperationAST, getVariableValues } from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";

/**
 * Executes operations with graphql-jit: each distinct document is compiled once
 * into a function that resolves and serializes exactly its selection, instead
 * of graphql-js walking the selection per request. The hot path
 * (`resolveAddress`) spends as long in graphql-js's per-field machinery as in
 * its own look-up; compiled, that cost mostly goes (docs/performance.md).
 *
 * Apollo Server takes a custom executor only through its gateway interface, so
 * this is a "gateway" over the local schema. Apollo still parses, validates
 * (with graphql-armor's limits) and caches documents; only execution changes.
 * A document runs on graphql-js the first time, and always when graphql-jit
 * cannot compile it.
 *
 * Only queries are ever compiled. Mutations and subscriptions always run on
 * graphql-js `execute`: a mutation's root fields must run one after another and
 * stop at the first error that nulls the result (the GraphQL spec's serial
 * execution), and graphql-jit's compiled mutations did not stop — a later field
 * ran and was audited while the answer said `data: null`.
 */
export interface JitGateway extends GatewayInterface {
  /** Documents (per operation) compiled so far. */
  readonly compiledCount: number;
}

export function jitGateway(schema: GraphQLSchema): JitGateway {
  // Per document (Apollo caches parsed documents, so the same text is the same
  // object) and operation: null until the second execution, then the compiled
  // query, or false when graphql-jit could not compile it or it is no query.
  const compiled = new WeakMap<DocumentNode, Map<string | null, CompiledQuery | false | null>>();
  let announce: GatewaySchemaLoadOrUpdateCallback | null = null;
  let compiledCount = 0;

  /**
   * Compiling costs far more than one execution, so a document is compiled the
   * second time it runs: a client sending ever-new query texts costs no more
   * than it would without compilation.
   */
  const compiledFor = (document: DocumentNode, operationName: string | null): CompiledQuery | null => {
    let byOperation = compiled.get(document);
    if (!byOperation) {
      byOperation = new Map();
      compiled.set(document, byOperation);
    }
    const known = byOperation.get(operationName);
    if (known === undefined) {
      // Anything but a query is marked "never compile" on first sight.
      byOperation.set(operationName, getOperationAST(document, operationName)?.operation === "query" ? null : false);
      return null;
    }
    if (known === null) {
      const result = compileQuery(schema, document, operationName ?? undefined);
      const query = isCompiledQuery(result) ? result : false;
      if (query) compiledCount++;
      byOperation.set(operationName, query);
      return query || null;
    }
    return known || null;
  };

  const executor: GatewayExecutor = async (request) => {
    const variables = request.request.variables ?? {};
    // The name the client sent, not the one Apollo resolved: for a name the
    // document does not define Apollo passes null, which would run the
    // document's only operation instead of refusing the unknown name.
    const operationName = request.request.operationName ?? null;
    const query = compiledFor(request.document, operationName);
    if (!query) {
      return execute({ schema, document: request.document, operationName, contextValue: request.context, variableValues: variables });
    }
    const result = (await query.query(undefined, request.context, variables)) as ExecutionResult;
    if (!result.errors) return result;
    // Without data, the variables did not coerce: report them exactly as
    // graphql-js does, so Apollo answers BAD_USER_INPUT with its usual message.
    if (result.data === undefined) {
      const operation = getOperationAST(request.document, operationName);
      const coerced = getVariableValues(schema, operation?.variableDefinitions ?? [], variables);
      if (coerced.errors) return { errors: coerced.errors };
    }
    return { ...result, errors: result.errors.map(asGraphQLError) };
  };

  return {
    get compiledCount() {
      return compiledCount;
    },
    onSchemaLoadOrUpdate(callback) {
      announce = callback;
      return () => {
        announce = null;
      };
    },
    async load() {
      announce?.({ apiSchema: schema, coreSupergraphSdl: "" });
      return { executor };
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors have read-only properties; Apollo's plugins (armor's
 * suggestion filter) rewrite messages, so hand them graphql-js errors.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const copy = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
  if (error.locations) Object.assign(copy, { locations: error.locations });
  return copy;
}
