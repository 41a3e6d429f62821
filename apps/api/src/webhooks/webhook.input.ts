import { Field, ID, InputType } from "type-graphql";

@InputType()
export class CreateWebhookEndpointInput {
  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => String, { description: "https (http only outside production); a public host unless listed in WEBHOOK_ALLOWED_HOSTS." })
  url: string;

  @Field(() => [String], { nullable: true, description: "Event types to send; empty or omitted: every type." })
  types?: string[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class UpdateWebhookEndpointInput {
  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [String], { nullable: true, description: "Empty: every type." })
  types?: string[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: "A disabled endpoint gets no new deliveries." })
  enabled?: boolean | null;
}
