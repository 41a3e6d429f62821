import { Field, ID, InputType } from "type-graphql";
import { AccountProfile } from "./account.entity";

@InputType()
export class CreateAccountInput {
  @Field(() => ID, { nullable: true, description: "Omit when you belong to one organization." })
  organizationId?: string | null;

  @Field(() => String)
  displayName: string;

  @Field(() => String, { description: "On a verified domain of the organization." })
  primaryAddress: string;

  @Field(() => AccountProfile, { nullable: true, description: "Default PROFESSIONAL." })
  profile?: AccountProfile | null;

  @Field(() => String, { nullable: true, description: "For console sign-in; at least 10 characters." })
  password?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Default false." })
  exchangeEnabled?: boolean | null;
}

@InputType()
export class UpdateAccountInput {
  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => AccountProfile, { nullable: true })
  profile?: AccountProfile | null;

  @Field(() => Boolean, { nullable: true })
  exchangeEnabled?: boolean | null;

  @Field(() => String, { nullable: true })
  password?: string | null;
}
