import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "../common/connection";
import { WebhookDeliveryStatus } from "./webhook-delivery.entity";

registerEnumType(WebhookDeliveryStatus, { name: "WebhookDeliveryStatus" });

@ObjectType({ simpleResolvers: true, description: "Where an organization's change events are pushed, signed per Standard Webhooks 1.0." })
export class WebhookEndpoint {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  organizationId: string;

  @Field(() => String)
  url: string;

  @Field(() => String)
  description: string;

  @Field(() => Boolean)
  enabled: boolean;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

@ObjectType({ simpleResolvers: true, description: "An endpoint with its signing secret, shown this once." })
export class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;

  @Field(() => String, { description: "`whsec_` + base64 of 32 random bytes; only in this answer." })
  secret: string;
}

@ObjectType({ simpleResolvers: true, description: "One event sent (or to be sent) to one endpoint, with its attempts." })
export class WebhookDelivery {
  @Field(() => ID, { description: "Also the `webhook-id` header, the same on every attempt." })
  id: string;

  @Field(() => ID)
  endpointId: string;

  @Field(() => ID)
  organizationId: string;

  @Field(() => ID, { nullable: true, description: "Null for a test send." })
  eventId: string | null;

  @Field(() => String)
  eventType: string;

  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  attempts: number;

  @Field(() => Int, { nullable: true, description: "The HTTP status of the last answer." })
  responseCode: number | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt: Date | null;

  @Field(() => Date)
  createdAt: Date;
}

export const WebhookEndpointConnection = Connection("WebhookEndpoint", WebhookEndpoint);
export const WebhookDeliveryConnection = Connection("WebhookDelivery", WebhookDelivery);
