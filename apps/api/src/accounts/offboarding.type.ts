import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Address } from "../addresses/address.type";
import { Account } from "./account.type";

@InputType()
export class OffboardAccountInput {
  @Field(() => ID, { description: "The account of the person leaving." })
  accountId: string;

  @Field(() => ID, { description: "The colleague who receives their mail from now on." })
  transferToAccountId: string;

  @Field(() => Boolean, { nullable: true, description: "Answer what would happen (the same payload) and change nothing. Default false." })
  dryRun?: boolean | null;
}

@ObjectType({ simpleResolvers: true })
export class OffboardPayload {
  @Field(() => Account)
  leaver: Account;

  @Field(() => Account)
  target: Account;

  @Field(() => [Address], {
    description:
      "The addresses on the organization's verified domains, now the target's: SECONDARY on an Exchange domain when the target has Exchange enabled (a pending one stays PENDING_PROVISIONING), ALIAS otherwise.",
  })
  moved: Address[];

  @Field(() => [String], {
    description: "The leaver's personal addresses (not on the organization's verified domains): deleted and free again, never given to the target.",
  })
  released: string[];
}
