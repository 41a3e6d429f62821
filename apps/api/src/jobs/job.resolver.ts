import { Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import type { Context } from "../context";
import { type JobEntity, JobState } from "./job.entity";
import { Job, JobConnection } from "./job.type";

@ArgsType()
class JobsArgs {
  @Field(() => ID, { nullable: true, description: "Omitted: the caller's own organization; an operator who omits it reads every organization." })
  organizationId?: string | null;

  @Field(() => JobState, { nullable: true })
  state?: JobState | null;

  @Field(() => ID, { nullable: true, description: "Only jobs whose payload concerns this account." })
  accountId?: string | null;

  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@Resolver(() => Job)
export class JobResolver {
  @Query(() => JobConnection, { description: "Background jobs, newest first." })
  async jobs(@Args(() => JobsArgs) args: JobsArgs, @Ctx() ctx: Context) {
    return JobConnection.from(await ctx.services.jobs.list(await ctx.principal(), args));
  }

  @FieldResolver(() => GraphQLJSONObject)
  payload(@Root() job: JobEntity): Record<string, unknown> {
    return JSON.parse(job.payload) as Record<string, unknown>;
  }

  @FieldResolver(() => String, { nullable: true, description: "The address the job concerns (payload.addressId), while it exists." })
  async address(@Root() job: JobEntity, @Ctx() ctx: Context): Promise<string | null> {
    const { addressId } = JSON.parse(job.payload) as { addressId?: unknown };
    return typeof addressId === "string" ? ((await ctx.loaders.addressById.load(addressId))?.address ?? null) : null;
  }
}
