import { type GraphQLField, type GraphQLFieldResolver, type GraphQLSchema, defaultFieldResolver, getNamedType, isObjectType } from "graphql";
import type { Context } from "../context";
import { ForbiddenError } from "../errors";
import type { Principal } from "./principal";
import { typeScopeOf } from "./schema-authorization";
import { type KeyScope, NOT_FOR_KEYS, OPERATION_SCOPES } from "./scopes";

const ROOTS = new Set(["Query", "Mutation"]);

function missingScope(principal: Principal | null, needed: readonly KeyScope[]): KeyScope | null {
  if (principal?.kind !== "apiKey") return null;
  return needed.find((scope) => !principal.scopes.includes(scope)) ?? null;
}

function refusal(scope: KeyScope): ForbiddenError {
  return new ForbiddenError(`This API key lacks the ${scope} scope.`, { requiredScope: scope });
}

function guard(field: GraphQLField<unknown, Context>, check: (principal: Principal | null) => void): void {
  const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
  // Nested fields run after the root resolved the principal: no await (and no reordering of errors) there.
  field.resolve = (source, args, ctx, info) => {
    const known = ctx.knownPrincipal();
    if (known !== undefined) {
      check(known);
      return resolve(source, args, ctx, info);
    }
    return ctx.principal().then((principal) => {
      check(principal);
      return resolve(source, args, ctx, info);
    });
  };
}

/**
 * Puts API keys' scopes on the schema, before any resolver or service runs:
 * every root field needs the scopes OPERATION_SCOPES names for it, and every
 * nested field that returns objects needs its type's read scope (TYPE_RULES),
 * so a key reads through nesting only what its scopes cover. A missing scope
 * is FORBIDDEN with `extensions.requiredScope`. Other principals pass
 * untouched. Fails on a root field without an entry, or an entry naming none.
 */
export function enforceScopes(schema: GraphQLSchema): GraphQLSchema {
  const seen = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, Context>[]) {
      const name = `${type.name}.${field.name}`;
      if (ROOTS.has(type.name)) {
        const needed = OPERATION_SCOPES[name];
        if (!needed) throw new Error(`No API key scope for ${name}: add it to OPERATION_SCOPES (auth/scopes.ts).`);
        seen.add(name);
        guard(field, (principal) => {
          if (principal?.kind !== "apiKey") return;
          if (needed === NOT_FOR_KEYS) throw new ForbiddenError(`API keys cannot call ${field.name}; sign in as a person.`);
          const missing = missingScope(principal, needed);
          if (missing) throw refusal(missing);
        });
        continue;
      }
      const named = getNamedType(field.type);
      const scope = isObjectType(named) ? typeScopeOf(named.name) : null;
      if (!scope) continue;
      guard(field, (principal) => {
        if (missingScope(principal, [scope])) throw refusal(scope);
      });
    }
  }
  const stale = Object.keys(OPERATION_SCOPES).filter((name) => !seen.has(name));
  if (stale.length) throw new Error(`OPERATION_SCOPES names operations the schema does not have: ${stale.join(", ")}`);
  return schema;
}
