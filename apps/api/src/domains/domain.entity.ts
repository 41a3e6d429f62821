import { Column, Entity, PrimaryColumn } from "typeorm";

export enum DomainStatus {
  PENDING_VERIFICATION = "PENDING_VERIFICATION",
  VERIFIED = "VERIFIED",
}

export enum MailService {
  EXCHANGE = "EXCHANGE",
  WEB_EMAIL = "WEB_EMAIL",
}

@Entity("domain")
export class DomainEntity {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  @Column({ name: "organization_id", type: "varchar", length: 36 })
  organizationId: string;

  /** ASCII (punycode) form: the one used for matching. */
  @Column({ type: "varchar", length: 253 })
  name: string;

  /** Set to `name` on verification: the unique index makes ownership exclusive. */
  @Column({ name: "verified_name", type: "varchar", length: 253, nullable: true })
  verifiedName: string | null;

  @Column({ name: "unicode_name", type: "varchar", length: 253 })
  unicodeName: string;

  @Column({ type: "varchar", length: 32 })
  status: DomainStatus;

  @Column({ name: "mail_service", type: "varchar", length: 16 })
  mailService: MailService;

  @Column({ name: "verification_token", type: "varchar", length: 64 })
  verificationToken: string;

  @Column({ name: "verified_at", type: "datetime", nullable: true })
  verifiedAt: Date | null;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;
}
