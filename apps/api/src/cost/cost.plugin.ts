import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import type { Context } from "../context";
import { RateLimitedError } from "../errors";
import { type CostCharge, CostBudgetService } from "./cost-budget.service";
import { queryCost } from "./query-cost";

/** `extensions.cost` of every response, in Shopify's shape. */
export interface CostExtension {
  requestedQueryCost: number;
  /** Equal to the requested cost when the operation ran (no refunds); null when it was refused. */
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

/**
 * Charges every operation's static cost to its principal's bucket once the
 * document is validated and before anything executes; over budget, the answer
 * is RATE_LIMITED with `retryAfter`, HTTP 429 and `Retry-After`, and nothing runs.
 */
export function costPlugin(schema: GraphQLSchema): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const budget = contextValue.services.costBudget;
      if (!budget.enabled) return;
      let requested = 0;
      let charge: CostCharge | null = null;
      return {
        async didResolveOperation(rc) {
          requested = queryCost(schema, rc.document, rc.operationName, rc.request.variables ?? {});
          const principal = await rc.contextValue.principal().catch(() => null);
          const organizationId = principal && "organizationId" in principal ? (principal.organizationId as string | null) : null;
          try {
            charge = await budget.charge(CostBudgetService.bucketKey(principal, rc.contextValue.clientAddress), organizationId, requested);
          } catch (error) {
            // More than the whole bucket: the caller's mistake, never a server error.
            rc.response.http.status = 400;
            throw error;
          }
          if (!charge.allowed) {
            rc.response.http.status = 429;
            rc.response.http.headers.set("retry-after", String(charge.retryAfter));
            throw new RateLimitedError(
              `This operation costs ${requested} points and ${Math.floor(charge.available)} are available; try again in ${charge.retryAfter} s.`,
              { retryAfter: charge.retryAfter },
            );
          }
        },
        async willSendResponse(rc) {
          if (!charge) return;
          if (rc.response.body.kind === "single") {
            const result = rc.response.body.singleResult;
            const cost: CostExtension = {
              requestedQueryCost: requested,
              actualQueryCost: charge.allowed ? requested : null,
              throttleStatus: { maximumAvailable: charge.bucketSize, currentlyAvailable: Math.floor(charge.available), restoreRate: charge.restoreRate },
            };
            result.extensions = { ...result.extensions, cost };
          }
        },
      };
    },
  };
}
