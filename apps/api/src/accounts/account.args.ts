import { ArgsType, Field, ID, Int } from "type-graphql";
import { AccountProfile, AccountStatus } from "./account.entity";

@ArgsType()
export class AccountsArgs {
  @Field(() => ID, { nullable: true, description: "Omitted: the caller's own organization; an operator who omits it reads every organization." })
  organizationId?: string | null;

  @Field(() => Int, { nullable: true, description: "1 to 100; default 20." })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => String, { nullable: true, description: "Part of the display name or of any address." })
  search?: string | null;

  @Field(() => AccountProfile, { nullable: true })
  profile?: AccountProfile | null;

  @Field(() => AccountStatus, { nullable: true })
  status?: AccountStatus | null;
}
