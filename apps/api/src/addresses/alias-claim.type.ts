import { Field, ID, InputType, ObjectType } from "type-graphql";
import { AddressStatus } from "./address.entity";
import { Address } from "./address.type";

@ObjectType({ simpleResolvers: true, description: "An alias waiting for the owner of the address to confirm it." })
export class AliasClaim {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: "Canonical ASCII form." })
  address: string;

  @Field(() => Date, { description: "The current link stops working then; resendAliasConfirmation issues a new one." })
  expiresAt: Date;

  @Field(() => String, { description: "Who asked: an operator's email or an account's primary address." })
  requestedBy: string;

  @Field(() => Date)
  createdAt: Date;

  accountId: string;
}

@ObjectType({ simpleResolvers: true, description: "An alias added at once (`alias`), or a confirmation sent to the address (`claim`)." })
export class AliasPayload {
  @Field(() => Address, { nullable: true })
  alias: Address | null;

  @Field(() => AliasClaim, { nullable: true })
  claim: AliasClaim | null;
}

@InputType()
export class RequestAliasInput {
  @Field(() => ID)
  accountId: string;

  @Field(() => String)
  address: string;
}

@ObjectType({
  simpleResolvers: true,
  description: "What confirming a link answers, to anyone who holds it: the address and its status, nothing of the account.",
})
export class AliasConfirmation {
  @Field(() => String, { description: "Canonical ASCII form." })
  address: string;

  @Field(() => String, { description: "With the domain in Unicode." })
  unicodeAddress: string;

  @Field(() => AddressStatus)
  status: AddressStatus;
}

@ObjectType({ simpleResolvers: true, description: "What a confirmation link would confirm, shown before it is used: the address and the account's name." })
export class AliasClaimPreview {
  @Field(() => String, { description: "Canonical ASCII form." })
  address: string;

  @Field(() => String)
  unicodeAddress: string;

  @Field(() => String, { description: "The display name of the account the alias would join." })
  accountDisplayName: string;

  @Field(() => Date)
  expiresAt: Date;
}
