import { Field, ID, InputType } from "type-graphql";

@InputType()
export class AddAliasInput {
  @Field(() => ID)
  accountId: string;

  @Field(() => String)
  address: string;
}

@InputType()
export class AddSecondaryAddressInput {
  @Field(() => ID)
  accountId: string;

  @Field(() => String)
  address: string;
}
