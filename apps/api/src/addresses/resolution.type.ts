import { Field, ObjectType } from "type-graphql";
import { Account } from "../accounts/account.type";
import { DistributionGroup, SenderVerdict } from "../groups/group.type";
import { AddressKind, AddressStatus } from "./address.entity";
import { ResolutionHop } from "./hop.type";

@ObjectType({ simpleResolvers: true, description: "Where mail for an address goes." })
export class Resolution {
  @Field(() => String, { description: "The canonical address that matched." })
  address: string;

  @Field(() => String)
  unicodeAddress: string;

  @Field(() => AddressKind)
  kind: AddressKind;

  @Field(() => AddressStatus)
  status: AddressStatus;

  @Field(() => Account, { nullable: true })
  account: Account | null;

  @Field(() => DistributionGroup, { nullable: true })
  group: DistributionGroup | null;

  @Field(() => [String], { description: "Final mailbox addresses, groups expanded, duplicates removed, disabled accounts skipped." })
  deliverTo: string[];

  @Field(() => [ResolutionHop])
  trace: ResolutionHop[];

  @Field(() => Boolean, { description: "Group expansion stopped at a limit (10 levels, 10,000 recipients): deliverTo is incomplete." })
  truncated: boolean;

  @Field(() => SenderVerdict, { nullable: true, description: "When a sender was given: may it send to this address?" })
  sender: SenderVerdict | null;
}
