import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context";
import { CostBudget, CostBudgetInput } from "./cost-budget.type";

@Resolver(() => CostBudget)
export class CostBudgetResolver {
  @Mutation(() => CostBudget, { description: "Operators: an organization's own cost budget for each of its principals." })
  async setOrganizationCostBudget(
    @Arg("organizationId", () => ID) organizationId: string,
    @Arg("input", () => CostBudgetInput) input: CostBudgetInput,
    @Ctx() ctx: Context,
  ): Promise<CostBudget> {
    return { organizationId, ...(await ctx.services.costBudget.setOrganizationLimits(await ctx.principal(), organizationId, input)) };
  }
}
