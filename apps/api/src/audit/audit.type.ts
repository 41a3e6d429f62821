import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "../common/connection";
import { ActorType } from "./audit-event.entity";

registerEnumType(ActorType, { name: "ActorType" });

@ObjectType({ simpleResolvers: true, description: "One recorded change." })
export class AuditEvent {
  @Field(() => ID)
  id: string;

  @Field(() => Date)
  occurredAt: Date;

  @Field(() => ActorType)
  actorType: ActorType;

  @Field(() => String, { nullable: true })
  actorId: string | null;

  @Field(() => String, { description: "Operator email or the account's primary address at the time." })
  actorLabel: string;

  @Field(() => String, { description: "e.g. account.create, address.addAlias, domain.verify" })
  action: string;

  @Field(() => String)
  targetType: string;

  @Field(() => String, { nullable: true })
  targetId: string | null;
}

export const AuditEventConnection = Connection("AuditEvent", AuditEvent);
