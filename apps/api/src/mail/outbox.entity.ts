import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A message kept by the embedded mail default (no SMTP_URL): readable by operators. */
@Entity("outbox_message")
export class OutboxMessageEntity {
  /** Increasing: keyset pagination, newest first. */
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  @Column({ type: "varchar", length: 254 })
  recipient: string;

  @Column({ type: "varchar", length: 254 })
  sender: string;

  @Column({ type: "varchar", length: 300 })
  subject: string;

  @Column({ name: "text_body", type: "text" })
  textBody: string;

  @Column({ name: "html_body", type: "text" })
  htmlBody: string;

  @Column({ name: "created_at", type: "datetime" })
  createdAt: Date;
}
