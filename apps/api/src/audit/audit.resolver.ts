import { Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import type { Context } from "../context";
import type { AuditEventEntity } from "./audit-event.entity";
import { AuditEvent, AuditEventConnection } from "./audit.type";

@ArgsType()
class AuditEventsArgs {
  @Field(() => ID, { nullable: true, description: "Omitted: the caller's own organization; an operator who omits it reads every organization." })
  organizationId?: string | null;

  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => String, { nullable: true })
  action?: string | null;

  @Field(() => ID, { nullable: true })
  targetId?: string | null;

  @Field(() => ID, { nullable: true, description: "The acting account's or operator's id." })
  actorId?: string | null;

  @Field(() => Date, { nullable: true, description: "Events at or after this instant." })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "Events before this instant." })
  to?: Date | null;
}

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: "Newest first." })
  async auditEvents(@Args(() => AuditEventsArgs) args: AuditEventsArgs, @Ctx() ctx: Context) {
    return AuditEventConnection.from(await ctx.services.audit.list(await ctx.principal(), args));
  }

  @FieldResolver(() => GraphQLJSONObject, { description: "before / after and details of the change." })
  summary(@Root() event: AuditEventEntity): Record<string, unknown> {
    return JSON.parse(event.summary) as Record<string, unknown>;
  }

  @FieldResolver(() => ID)
  id(@Root() event: AuditEventEntity): string {
    return String(event.id);
  }
}
