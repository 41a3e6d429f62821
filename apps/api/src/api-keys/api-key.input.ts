import { Field, ID, InputType } from "type-graphql";

@InputType()
export class CreateApiKeyInput {
  @Field(() => ID, { nullable: true, description: "Omitted: the caller's organization; an operator who omits it creates an operator-wide key." })
  organizationId?: string | null;

  @Field(() => String)
  name: string;

  @Field(() => [String], {
    description:
      "One or more of accounts:read accounts:write addresses:read addresses:write groups:read groups:write domains:read domains:write audit:read resolve events:read webhooks:manage.",
  })
  scopes: string[];

  @Field(() => [String], { nullable: true, description: "Limit writes to addresses on these domains of the organization." })
  domains?: string[] | null;

  @Field(() => [String], { nullable: true, description: "IP addresses or CIDR ranges the key may be used from." })
  allowedIps?: string[] | null;

  @Field(() => Date, { description: "Required; at most one year (365 days) ahead." })
  expiresAt: Date;
}
