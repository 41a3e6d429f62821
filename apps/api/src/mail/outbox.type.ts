import { Field, ID, ObjectType } from "type-graphql";
import { Connection } from "../common/connection";

@ObjectType({ simpleResolvers: true, description: "A message kept by the embedded mail default (no SMTP_URL)." })
export class OutboxMessage {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  recipient: string;

  @Field(() => String)
  sender: string;

  @Field(() => String)
  subject: string;

  @Field(() => String)
  textBody: string;

  @Field(() => String)
  htmlBody: string;

  @Field(() => Date)
  createdAt: Date;
}

export const OutboxMessageConnection = Connection("OutboxMessage", OutboxMessage);
