import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Domain } from "./domain.type";

@InputType()
export class ChangeDomainInput {
  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => String)
  from: string;

  @Field(() => String)
  to: string;

  @Field(() => Boolean, {
    nullable: true,
    description: "Check everything and answer the count, or the same refusal with every conflict, and change nothing. Default false.",
  })
  dryRun?: boolean | null;
}

@ObjectType({ simpleResolvers: true })
export class DomainChangePayload {
  @Field(() => Domain)
  from: Domain;

  @Field(() => Domain)
  to: Domain;

  @Field(() => Int, { description: "Primary and group addresses moved to the new domain." })
  changed: number;
}
