import { Field, ID, Int, ObjectType } from "type-graphql";
import { Connection } from "../common/connection";

@ObjectType({ simpleResolvers: true, description: "What members of the organization may do by themselves." })
export class OrganizationPolicy {
  @Field(() => Boolean, { description: "Professional accounts may request aliases themselves." })
  aliasSelfService: boolean;

  @Field(() => Int, { nullable: true, description: "Most aliases one account may have; null means no limit." })
  maxAliasesPerAccount: number | null;
}

@ObjectType({ simpleResolvers: true, description: "A firm: the tenant that owns domains, accounts and groups." })
export class Organization {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => Date)
  createdAt: Date;
}

export const OrganizationConnection = Connection("Organization", Organization);
