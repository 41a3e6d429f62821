import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Account } from "../accounts/account.type";
import { Organization } from "../organizations/organization.type";

export enum ViewerRole {
  OPERATOR = "OPERATOR",
  ADMIN = "ADMIN",
  PROFESSIONAL = "PROFESSIONAL",
  GUEST = "GUEST",
  API_KEY = "API_KEY",
}

registerEnumType(ViewerRole, { name: "ViewerRole" });

@ObjectType({ simpleResolvers: true, description: "A platform operator." })
export class Operator {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  email: string;
}

@ObjectType({ simpleResolvers: true, description: "Who the request is made as." })
export class Viewer {
  @Field(() => ViewerRole)
  role: ViewerRole;

  @Field(() => Operator, { nullable: true })
  operator: Operator | null;

  @Field(() => Account, { nullable: true })
  account: Account | null;

  @Field(() => Organization, { nullable: true })
  organization: Organization | null;
}

@ObjectType({ simpleResolvers: true })
export class AuthPayload {
  @Field(() => String, { description: "Bearer token: send as `Authorization: Bearer <token>`." })
  token: string;

  @Field(() => Date)
  expiresAt: Date;

  @Field(() => Viewer)
  viewer: Viewer;
}
