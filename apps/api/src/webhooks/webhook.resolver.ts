import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import type { WebhookEndpointEntity } from "./webhook-endpoint.entity";
import { CreateWebhookEndpointInput, UpdateWebhookEndpointInput } from "./webhook.input";
import { WebhookDelivery, WebhookDeliveryConnection, WebhookEndpoint, WebhookEndpointConnection, WebhookEndpointWithSecret } from "./webhook.type";

@ArgsType()
class WebhookEndpointsArgs {
  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ArgsType()
class WebhookDeliveriesArgs {
  @Field(() => ID)
  endpointId: string;

  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  @Query(() => WebhookEndpointConnection)
  async webhookEndpoints(@Args(() => WebhookEndpointsArgs) args: WebhookEndpointsArgs, @Ctx() ctx: Context) {
    return WebhookEndpointConnection.from(await ctx.services.webhooks.list(await ctx.principal(), args));
  }

  @Query(() => WebhookEndpoint, { description: "One endpoint (its delivery log is webhookDeliveries)." })
  async webhookEndpoint(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.webhooks.get(await ctx.principal(), id);
  }

  @Query(() => WebhookDeliveryConnection, { description: "An endpoint's delivery log, newest first." })
  async webhookDeliveries(@Args(() => WebhookDeliveriesArgs) args: WebhookDeliveriesArgs, @Ctx() ctx: Context) {
    return WebhookDeliveryConnection.from(await ctx.services.webhooks.deliveries(await ctx.principal(), args.endpointId, args.first, args.after));
  }

  @Mutation(() => WebhookEndpointWithSecret, { description: "Returns the signing secret, this once." })
  async createWebhookEndpoint(@Arg("input", () => CreateWebhookEndpointInput) input: CreateWebhookEndpointInput, @Ctx() ctx: Context) {
    return ctx.services.webhooks.create(await ctx.principal(), input);
  }

  @Mutation(() => WebhookEndpoint)
  async updateWebhookEndpoint(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhooks.update(await ctx.principal(), id, input);
  }

  @Mutation(() => WebhookEndpointWithSecret, {
    description: "A new signing secret, returned this once; for 24 hours deliveries carry the old secret's signature too.",
  })
  async rotateWebhookSecret(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.webhooks.rotateSecret(await ctx.principal(), id);
  }

  @Mutation(() => ID, { description: "Deletes the endpoint and its delivery log." })
  async deleteWebhookEndpoint(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.webhooks.delete(await ctx.principal(), id);
  }

  @Mutation(() => WebhookDelivery, { description: "Sends a webhook.test event to this endpoint." })
  async testWebhookEndpoint(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.webhooks.test(await ctx.principal(), id);
  }

  @Mutation(() => WebhookDelivery, { description: "Sends a delivery again now (same webhook-id and body), with a fresh retry schedule." })
  async redeliverWebhook(@Arg("deliveryId", () => ID) deliveryId: string, @Ctx() ctx: Context) {
    return ctx.services.webhooks.redeliver(await ctx.principal(), deliveryId);
  }

  @FieldResolver(() => [String], { description: "Empty: every type." })
  types(@Root() endpoint: WebhookEndpointEntity): string[] {
    return JSON.parse(endpoint.types) as string[];
  }
}
