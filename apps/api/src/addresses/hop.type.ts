import { Field, ObjectType, registerEnumType } from "type-graphql";

export enum HopKind {
  /** "bob+news@x" is delivered as "bob@x". */
  SUBADDRESS = "SUBADDRESS",
  /** An address row points at its account. */
  ADDRESS = "ADDRESS",
  /** The account's mailbox (its primary address) receives the message. */
  MAILBOX = "MAILBOX",
  /** The account is disabled: nothing is delivered. */
  SKIPPED_DISABLED = "SKIPPED_DISABLED",
  /** A group contains a nested group. */
  GROUP_MEMBER = "GROUP_MEMBER",
  /** A group delivers to an address outside Postroom. */
  EXTERNAL = "EXTERNAL",
  /** Expansion stopped at its depth or size limit. */
  LIMIT_REACHED = "LIMIT_REACHED",
}
registerEnumType(HopKind, { name: "HopKind" });

/** The hop names services produce; the GraphQL enum's values are the same strings. */
export type HopKindName = keyof typeof HopKind;

@ObjectType({ simpleResolvers: true, description: "One step on the way from the address to a mailbox." })
export class ResolutionHop {
  @Field(() => HopKind)
  kind: HopKind;

  @Field(() => String)
  from: string;

  @Field(() => String)
  to: string;

  @Field(() => String, { nullable: true })
  detail: string | null;
}
