import { Field, ID, ObjectType } from "type-graphql";
import { Connection } from "../common/connection";

@ObjectType({ simpleResolvers: true, description: "One change event (account.created, address.added, …), kept at least 30 days." })
export class Event {
  @Field(() => ID, { description: "Serial: later events have larger ids." })
  id: string;

  @Field(() => String)
  type: string;

  @Field(() => Date)
  occurredAt: Date;

  @Field(() => ID, { nullable: true })
  organizationId: string | null;
}

export const EventConnection = Connection("Event", Event);
