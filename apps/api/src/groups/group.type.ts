import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "../common/connection";
import { ResolutionHop } from "../addresses/hop.type";
import { SenderPolicy } from "./group.entity";

registerEnumType(SenderPolicy, {
  name: "SenderPolicy",
  description: "Who may send to a group: ANYONE, ORGANIZATION (default, as in Exchange) or MEMBERS.",
});

export enum GroupMemberKind {
  ACCOUNT = "ACCOUNT",
  GROUP = "GROUP",
  EXTERNAL = "EXTERNAL",
}
registerEnumType(GroupMemberKind, { name: "GroupMemberKind" });

@ObjectType({ simpleResolvers: true, description: "A distribution group: its address delivers to every (expanded) member." })
export class DistributionGroup {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => SenderPolicy)
  senderPolicy: SenderPolicy;

  @Field(() => Boolean, { description: "Hidden from address lists (the directory), as in Exchange." })
  hiddenFromDirectory: boolean;

  @Field(() => Date)
  createdAt: Date;

  organizationId: string;
}

/** kind, account, group and address are resolved in GroupMemberResolver. */
@ObjectType({ simpleResolvers: true })
export class GroupMember {
  @Field(() => ID, { description: "The membership's id (for removeGroupMembers)." })
  id: string;
}

export const GroupMemberConnection = Connection("GroupMember", GroupMember);
export const DistributionGroupConnection = Connection("DistributionGroup", DistributionGroup);

@ObjectType({ simpleResolvers: true, description: "The group's final mailboxes and how each is reached." })
export class GroupExpansion {
  @Field(() => [String])
  recipients: string[];

  @Field(() => [ResolutionHop])
  trace: ResolutionHop[];

  @Field(() => Boolean, { description: "Expansion stopped at 10 levels or 10,000 recipients." })
  truncated: boolean;

  @Field(() => String, { nullable: true })
  reason: string | null;
}

@ObjectType({ simpleResolvers: true, description: "Whether Postfix can deliver to the group through the socketmap (docs/postfix.md)." })
export class SmtpExpandability {
  @Field(() => Boolean, {
    description: "False when the expansion is over Postfix's limits (1,000 recipients, 100,000-byte reply, 10 levels): Postfix then defers mail to the group.",
  })
  ok: boolean;

  @Field(() => String, { nullable: true })
  reason: string | null;
}

@ObjectType({ simpleResolvers: true })
export class SenderVerdict {
  @Field(() => Boolean)
  allowed: boolean;

  @Field(() => SenderPolicy)
  policy: SenderPolicy;

  @Field(() => String)
  reason: string;
}

@ObjectType({ simpleResolvers: true })
export class SenderCheck {
  @Field(() => DistributionGroup)
  group: DistributionGroup;

  @Field(() => Boolean)
  allowed: boolean;

  @Field(() => SenderPolicy)
  policy: SenderPolicy;

  @Field(() => String)
  reason: string;
}

@InputType()
export class CreateGroupInput {
  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => String)
  name: string;

  @Field(() => String, { description: "On a verified domain of the organization." })
  address: string;

  @Field(() => SenderPolicy, { nullable: true, description: "Default ORGANIZATION." })
  senderPolicy?: SenderPolicy | null;

  @Field(() => Boolean, { nullable: true })
  hiddenFromDirectory?: boolean | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class UpdateGroupInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => SenderPolicy, { nullable: true })
  senderPolicy?: SenderPolicy | null;

  @Field(() => Boolean, { nullable: true })
  hiddenFromDirectory?: boolean | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType({ description: "Exactly one of accountId, groupId, address." })
export class GroupMemberInput {
  @Field(() => ID, { nullable: true })
  accountId?: string | null;

  @Field(() => ID, { nullable: true })
  groupId?: string | null;

  @Field(() => String, { nullable: true, description: "An external address (canonicalized like any address)." })
  address?: string | null;
}
