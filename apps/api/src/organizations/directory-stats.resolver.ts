import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { DirectoryStats } from "./directory-stats.type";

@Resolver(() => DirectoryStats)
export class DirectoryStatsResolver {
  @Query(() => DirectoryStats, {
    description: "Admins and operators: counts for the dashboard. An operator who omits organizationId counts every organization.",
  })
  async directoryStats(@Arg("organizationId", () => ID, { nullable: true }) organizationId: string | null, @Ctx() ctx: Context) {
    return ctx.services.directoryStats.stats(await ctx.principal(), organizationId);
  }
}
