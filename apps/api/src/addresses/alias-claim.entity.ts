import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * A request to make `address` an alias of an account, waiting for the owner of
 * the address to click the link mailed to it. One row per (account, address):
 * a new request replaces the token. Only the token's SHA-256 is stored.
 */
@Entity("alias_claim")
export class AliasClaimEntity {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  @Column({ name: "organization_id", type: "varchar", length: 36 })
  organizationId: string;

  @Column({ name: "account_id", type: "varchar", length: 36 })
  accountId: string;

  /** Canonical ASCII form; not unique: a claim reserves nothing. */
  @Column({ type: "varchar", length: 254 })
  address: string;

  @Column({ name: "token_hash", type: "varchar", length: 64 })
  tokenHash: string;

  @Column({ name: "expires_at", type: "datetime" })
  expiresAt: Date;

  @Column({ name: "used_at", type: "datetime", nullable: true })
  usedAt: Date | null;

  @Column({ name: "requested_by", type: "varchar", length: 254 })
  requestedBy: string;

  /** Messages sent in the current rate window (resends are limited per hour). */
  @Column({ name: "send_count", type: "int" })
  sendCount: number;

  @Column({ name: "window_started_at", type: "datetime" })
  windowStartedAt: Date;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;
}
