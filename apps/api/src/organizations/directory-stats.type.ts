import { Field, Int, ObjectType } from "type-graphql";
import { AliasClaim } from "../addresses/alias-claim.type";

@ObjectType({ simpleResolvers: true, description: "The dashboard's counts for one organization (or, for an operator who names none, all)." })
export class DirectoryStats {
  @Field(() => Int)
  accounts: number;

  @Field(() => Int, { description: "Every routable address: primary, alias, secondary and group addresses." })
  addresses: number;

  @Field(() => Int)
  groups: number;

  @Field(() => Int)
  domains: number;

  @Field(() => Int, { description: "Domains still waiting for their TXT record." })
  domainsPendingVerification: number;

  @Field(() => [AliasClaim], { description: "Open alias requests whose link stops working within 24 hours, soonest first (at most 20)." })
  expiringAliasClaims: AliasClaim[];
}
