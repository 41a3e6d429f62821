import { Column, Entity, PrimaryColumn } from "typeorm";

export enum AccountProfile {
  ADMIN = "ADMIN",
  PROFESSIONAL = "PROFESSIONAL",
  GUEST = "GUEST",
}

export enum AccountStatus {
  ACTIVE = "ACTIVE",
  DISABLED = "DISABLED",
}

@Entity("account")
export class AccountEntity {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  @Column({ name: "organization_id", type: "varchar", length: 36 })
  organizationId: string;

  @Column({ name: "display_name", type: "varchar", length: 200 })
  displayName: string;

  /** The display name case-folded in Unicode (NFC, lower case): what search matches, the same on both databases. */
  @Column({ name: "search_name", type: "varchar", length: 200 })
  searchName: string;

  @Column({ type: "varchar", length: 16 })
  profile: AccountProfile;

  @Column({ type: "varchar", length: 16 })
  status: AccountStatus;

  @Column({ name: "exchange_enabled", type: "boolean" })
  exchangeEnabled: boolean;

  @Column({ name: "password_hash", type: "varchar", length: 255, nullable: true })
  passwordHash: string | null;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;

  @Column({ name: "updated_at", type: "datetime" })
  updatedAt: Date;
}

export { searchFold } from "../common/search";
