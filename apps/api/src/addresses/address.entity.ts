import { Column, Entity, PrimaryColumn } from "typeorm";

export enum AddressKind {
  PRIMARY = "PRIMARY",
  ALIAS = "ALIAS",
  SECONDARY = "SECONDARY",
  GROUP = "GROUP",
}

export enum AddressStatus {
  ACTIVE = "ACTIVE",
  PENDING_PROVISIONING = "PENDING_PROVISIONING",
  /** Never stored: how `removeAddress` reports the row it deleted (the address is free and routes nowhere). */
  REMOVED = "REMOVED",
}

/**
 * Every routable address, whatever its kind: the unique index on `address` is
 * the namespace. A second unique index, `uq_address_primary_of`, allows at most
 * one PRIMARY row per account (migration 1764547200000: a partial index on
 * SQLite, a generated `primary_of` column on MySQL that no code writes), so a
 * writer must demote the old PRIMARY before it promotes or inserts the new one.
 */
@Entity("address")
export class AddressEntity {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  /** Canonical ASCII form (see canonical-address.ts). */
  @Column({ type: "varchar", length: 254 })
  address: string;

  @Column({ type: "varchar", length: 253 })
  domain: string;

  @Column({ type: "varchar", length: 16 })
  kind: AddressKind;

  @Column({ type: "varchar", length: 32 })
  status: AddressStatus;

  @Column({ name: "organization_id", type: "varchar", length: 36 })
  organizationId: string;

  @Column({ name: "account_id", type: "varchar", length: 36, nullable: true })
  accountId: string | null;

  @Column({ name: "group_id", type: "varchar", length: 36, nullable: true })
  groupId: string | null;

  /** The offboarded account this address was moved away from, if any. */
  @Column({ name: "former_account_id", type: "varchar", length: 36, nullable: true })
  formerAccountId: string | null;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;
}
