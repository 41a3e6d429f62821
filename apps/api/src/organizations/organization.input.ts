import { Field, InputType, Int } from "type-graphql";

@InputType()
export class CreateOrganizationInput {
  @Field(() => String)
  name: string;

  @Field(() => Boolean, { nullable: true, description: "Default true." })
  aliasSelfService?: boolean | null;

  @Field(() => Int, { nullable: true, description: "Default none: unlimited." })
  maxAliasesPerAccount?: number | null;
}

@InputType()
export class UpdateOrganizationPolicyInput {
  @Field(() => Boolean, { nullable: true })
  aliasSelfService?: boolean | null;

  @Field(() => Int, { nullable: true, description: "Set to null to remove the limit." })
  maxAliasesPerAccount?: number | null;
}
