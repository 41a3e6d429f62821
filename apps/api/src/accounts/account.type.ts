import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "../common/connection";
import { AccountProfile, AccountStatus } from "./account.entity";

registerEnumType(AccountProfile, {
  name: "AccountProfile",
  description: "ADMIN manages the organization; PROFESSIONAL may add aliases (policy permitting); GUEST may not.",
});
registerEnumType(AccountStatus, { name: "AccountStatus" });

/** Plain fields resolve without type-graphql middleware (simpleResolvers: the hot path pays per field). Fields beyond these (addresses, organization, …) are resolved in AccountResolver. */
@ObjectType({ simpleResolvers: true })
export class Account {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  displayName: string;

  @Field(() => AccountProfile)
  profile: AccountProfile;

  @Field(() => AccountStatus)
  status: AccountStatus;

  @Field(() => Boolean)
  exchangeEnabled: boolean;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;

  organizationId: string;
}

export const AccountConnection = Connection("Account", Account);
