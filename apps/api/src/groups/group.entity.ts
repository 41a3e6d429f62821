import { Column, Entity, PrimaryColumn } from "typeorm";

export enum SenderPolicy {
  /** Anyone, inside or outside the organization, may send to the group. */
  ANYONE = "ANYONE",
  /** Only senders of the organization (Exchange's default: external senders rejected). */
  ORGANIZATION = "ORGANIZATION",
  /** Only the group's own (expanded) members. */
  MEMBERS = "MEMBERS",
}

@Entity("distribution_group")
export class GroupEntity {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  @Column({ name: "organization_id", type: "varchar", length: 36 })
  organizationId: string;

  @Column({ type: "varchar", length: 200 })
  name: string;

  @Column({ name: "search_name", type: "varchar", length: 200 })
  searchName: string;

  @Column({ type: "text", nullable: true })
  description: string | null;

  @Column({ name: "sender_policy", type: "varchar", length: 16 })
  senderPolicy: SenderPolicy;

  @Column({ name: "hidden_from_directory", type: "boolean" })
  hiddenFromDirectory: boolean;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;

  @Column({ name: "updated_at", type: "datetime" })
  updatedAt: Date;
}

/** One member of a group: exactly one of account, group, external address. */
@Entity("group_member")
export class GroupMemberEntity {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  @Column({ name: "group_id", type: "varchar", length: 36 })
  groupId: string;

  @Column({ name: "member_account_id", type: "varchar", length: 36, nullable: true })
  memberAccountId: string | null;

  @Column({ name: "member_group_id", type: "varchar", length: 36, nullable: true })
  memberGroupId: string | null;

  /** Canonical ASCII form. */
  @Column({ name: "external_address", type: "varchar", length: 254, nullable: true })
  externalAddress: string | null;

  /**
   * Where this membership delivers, kept in step by the services: an account's
   * current primary (null without one), the external address, null for a group.
   */
  @Column({ type: "varchar", length: 254, nullable: true })
  mailbox: string | null;

  /** An external address, or an account that is ACTIVE and has a primary. */
  @Column({ type: "boolean" })
  deliverable: boolean;

  /** A nested group's name, for the expansion trace; renames rewrite it. */
  @Column({ name: "member_group_name", type: "varchar", length: 200, nullable: true })
  memberGroupName: string | null;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;
}

@Entity("group_owner")
export class GroupOwnerEntity {
  @PrimaryColumn({ name: "group_id", type: "varchar", length: 36 })
  groupId: string;

  @PrimaryColumn({ name: "account_id", type: "varchar", length: 36 })
  accountId: string;
}
