import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Address } from "../addresses/address.type";
import { Account } from "./account.type";

@InputType()
export class OffboardAccountInput {
  @Field(() => ID, { description: "The account of the person leaving." })
  accountId: string;

  @Field(() => ID, { description: "The colleague who receives their mail from now on." })
  transferToAccountId: string;
}

@ObjectType({ simpleResolvers: true })
export class OffboardPayload {
  @Field(() => Account)
  leaver: Account;

  @Field(() => Account)
  target: Account;

  @Field(() => [Address], { description: "The addresses moved, now SECONDARY addresses of the target." })
  moved: Address[];
}
