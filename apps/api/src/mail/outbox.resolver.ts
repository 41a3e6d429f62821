import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { OutboxMessage, OutboxMessageConnection } from "./outbox.type";

@Resolver(() => OutboxMessage)
export class OutboxResolver {
  @Query(() => OutboxMessageConnection, { description: "Operators: mail kept by the embedded default, newest first." })
  async outbox(
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return OutboxMessageConnection.from(await ctx.services.outbox.list(await ctx.principal(), first, after));
  }
}
