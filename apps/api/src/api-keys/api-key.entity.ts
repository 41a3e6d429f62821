import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * An integrator's credential. Only SHA-256 hashes of secrets are stored; the
 * secret itself is shown once, when the key is created or rotated. List
 * columns hold JSON arrays.
 */
@Entity("api_key")
export class ApiKeyEntity {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  /** null: an operator-wide key. */
  @Column({ name: "organization_id", type: "varchar", length: 36, nullable: true })
  organizationId: string | null;

  @Column({ type: "varchar", length: 200 })
  name: string;

  /** JSON array of granted scopes, as given (auth/scopes.ts). */
  @Column({ type: "text" })
  scopes: string;

  /** JSON array of ASCII domain names writes are limited to; null: any. */
  @Column({ type: "text", nullable: true })
  domains: string | null;

  /** JSON array of IP addresses and CIDR ranges the key may be used from; null: anywhere. */
  @Column({ name: "allowed_ips", type: "text", nullable: true })
  allowedIps: string | null;

  @Column({ name: "secret_hash", type: "varchar", length: 64 })
  secretHash: string;

  /** After a rotation, the previous secret's hash, valid until `previousExpiresAt`. */
  @Column({ name: "previous_secret_hash", type: "varchar", length: 64, nullable: true })
  previousSecretHash: string | null;

  @Column({ name: "previous_expires_at", type: "datetime", nullable: true })
  previousExpiresAt: Date | null;

  /** Who created it: "ACCOUNT:<id>" or "OPERATOR:<id>". */
  @Column({ name: "created_by", type: "varchar", length: 64 })
  createdBy: string;

  @Column({ name: "created_by_label", type: "varchar", length: 254 })
  createdByLabel: string;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;

  @Column({ name: "expires_at", type: "datetime" })
  expiresAt: Date;

  @Column({ name: "last_used_at", type: "datetime", nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: "last_used_ip", type: "varchar", length: 45, nullable: true })
  lastUsedIp: string | null;

  @Column({ name: "revoked_at", type: "datetime", nullable: true })
  revokedAt: Date | null;
}
