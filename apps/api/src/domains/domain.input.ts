import { Field, ID, InputType } from "type-graphql";
import { MailService } from "./domain.entity";

@InputType()
export class AddDomainInput {
  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => String, { description: "ASCII or Unicode; stored in both forms." })
  name: string;

  @Field(() => MailService, { nullable: true, description: "Default EXCHANGE." })
  mailService?: MailService | null;
}

@InputType()
export class UpdateDomainInput {
  @Field(() => MailService, { nullable: true })
  mailService?: MailService | null;
}
