import { Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import type { Context } from "../context";
import type { EventEntity } from "./event.entity";
import { Event, EventConnection } from "./event.type";

@ArgsType()
class EventsArgs {
  @Field(() => ID, { nullable: true, description: "Omitted: the caller's own organization; an operator who omits it reads every organization." })
  organizationId?: string | null;

  @Field(() => String, { nullable: true, description: "The `endCursor` of the last page read: only later events." })
  after?: string | null;

  @Field(() => [String], { nullable: true, description: "Only these types (e.g. account.created)." })
  types?: string[] | null;

  @Field(() => Int, { nullable: true })
  first?: number | null;
}

@Resolver(() => Event)
export class EventResolver {
  @Query(() => EventConnection, { description: "Change events, oldest first, after a cursor: resynchronise from the last one seen." })
  async events(@Args(() => EventsArgs) args: EventsArgs, @Ctx() ctx: Context) {
    return EventConnection.from(await ctx.services.events.list(await ctx.principal(), args));
  }

  @FieldResolver(() => GraphQLJSONObject, { description: "{ object { type id }, actor { type id label }, before?, after?, details? }" })
  data(@Root() event: EventEntity): Record<string, unknown> {
    return JSON.parse(event.data) as Record<string, unknown>;
  }

  @FieldResolver(() => ID)
  id(@Root() event: EventEntity): string {
    return String(event.id);
  }
}
