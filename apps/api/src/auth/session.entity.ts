import { Column, Entity, PrimaryColumn } from "typeorm";

/** A console or API session; only the SHA-256 of its bearer token is stored. */
@Entity("session")
export class SessionEntity {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  @Column({ name: "token_hash", type: "varchar", length: 64 })
  tokenHash: string;

  @Column({ name: "operator_id", type: "varchar", length: 36, nullable: true })
  operatorId: string | null;

  @Column({ name: "account_id", type: "varchar", length: 36, nullable: true })
  accountId: string | null;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;

  @Column({ name: "expires_at", type: "datetime" })
  expiresAt: Date;
}
