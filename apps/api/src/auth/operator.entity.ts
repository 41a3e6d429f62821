import { Column, Entity, PrimaryColumn } from "typeorm";

@Entity("operator")
export class OperatorEntity {
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  @Column({ type: "varchar", length: 254 })
  email: string;

  @Column({ name: "password_hash", type: "varchar", length: 255 })
  passwordHash: string;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;
}
