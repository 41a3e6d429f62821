import nodemailer, { type Transporter } from "nodemailer";
import type { Database } from "../db/database";
import { OutboxMessageEntity } from "./outbox.entity";

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** One line for the log of the embedded outbox (e.g. the link to click). */
  logHint?: string;
}

/** Where outgoing mail goes; services only know this interface. */
export interface Mailer {
  send(message: OutgoingMessage): Promise<void>;
}

/** SMTP_URL set: real delivery through nodemailer. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(message: OutgoingMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
  }

  close(): void {
    this.transport.close();
  }
}

export interface OutboxMailerOptions {
  /**
   * Print each message's hint (the confirmation link) in the log: development
   * only. A production log is read by more people than the mail's recipient,
   * and a link there would let them confirm an alias that is not theirs.
   */
  showLinks?: boolean;
}

/**
 * The embedded default: messages are stored in the outbox table (operators read
 * them through the `outbox` query) and announced in the log, so the whole flow
 * works on one machine without a mail server.
 */
export class OutboxMailer implements Mailer {
  constructor(
    private readonly db: Database,
    private readonly from: string,
    private readonly log: (line: string) => void = (line) => console.log(line),
    private readonly options: OutboxMailerOptions = {},
  ) {}

  async send(message: OutgoingMessage): Promise<void> {
    await this.db.transaction((m) =>
      m.insert(OutboxMessageEntity, {
        recipient: message.to,
        sender: this.from,
        subject: message.subject,
        textBody: message.text,
        htmlBody: message.html,
        createdAt: new Date(),
      }),
    );
    this.log(`[outbox] to ${message.to}: ${message.subject}${message.logHint && this.options.showLinks ? ` — ${message.logHint}` : ""}`);
  }
}
