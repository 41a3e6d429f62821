import type { AddressInfo } from "node:net";
import { domainToASCII } from "node:url";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** Lower case, domain in ASCII, so `bob@bücher.test` and `bob@xn--bcher-kva.test` are one recipient. */
function normalize(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 0) return address.toLowerCase();
  const domain = address.slice(at + 1);
  return `${address.slice(0, at)}@${domainToASCII(domain) || domain}`.toLowerCase();
}

/** One message as the sink received it: the SMTP envelope and the parsed content. */
export interface ReceivedMessage {
  /** MAIL FROM of the envelope (null for a bounce, `<>`). */
  envelopeFrom: string | null;
  /** RCPT TO of the envelope, lower-cased, domain in ASCII (smtp-server hands it over in Unicode). */
  envelopeTo: string[];
  /** The From header as text, e.g. `Postroom <postroom@postroom.test>`. */
  from: string;
  /** The To header as text. */
  to: string;
  subject: string;
  /** Top-level Content-Type, e.g. `multipart/alternative`. */
  contentType: string;
  /** The text/plain part, or null when the message has none. */
  text: string | null;
  /** The text/html part, or null when the message has none. */
  html: string | null;
  /** Attachments and inline parts other than the text and HTML bodies (images included). */
  attachments: number;
  /** The whole message as received (headers and encoded body). */
  raw: string;
}

/**
 * A real SMTP server on loopback that keeps every message it accepts. A message
 * is parsed and stored before the server answers DATA, so once the sender's
 * `sendMail` has resolved (and with it the API call that sent it) the message is
 * already in `messages`. Plain SMTP: no TLS, no AUTH.
 */
export class SmtpSink {
  readonly messages: ReceivedMessage[] = [];
  /** Errors while receiving (a message that could not be parsed); a test should expect none. */
  readonly errors: unknown[] = [];
  port = 0;
  private readonly handedOut = new Map<string, number>();
  /** Pending `next` calls: called with no argument when a message arrives, with an error when the sink stops. */
  private readonly waiters = new Set<(stopped?: Error) => void>();
  private readonly server: SMTPServer;

  constructor() {
    this.server = new SMTPServer({
      secure: false,
      disabledCommands: ["STARTTLS", "AUTH"],
      authOptional: true,
      logger: false,
      banner: "postroom test sink",
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("error", (error) => {
          this.errors.push(error);
          callback(error);
        });
        stream.on("end", () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw)
            .then((parsed) => {
              const mailFrom = session.envelope.mailFrom;
              this.messages.push({
                envelopeFrom: mailFrom ? mailFrom.address : null,
                envelopeTo: session.envelope.rcptTo.map((r) => normalize(r.address)),
                from: parsed.from?.text ?? "",
                to: (Array.isArray(parsed.to) ? parsed.to.map((t) => t.text).join(", ") : parsed.to?.text) ?? "",
                subject: parsed.subject ?? "",
                contentType: (parsed.headers.get("content-type") as { value?: string } | undefined)?.value ?? "",
                text: parsed.text ?? null,
                html: typeof parsed.html === "string" ? parsed.html : null,
                attachments: parsed.attachments.length,
                raw: raw.toString("utf8"),
              });
              for (const wake of [...this.waiters]) wake();
              callback();
            })
            .catch((error: Error) => {
              this.errors.push(error);
              callback(error);
            });
        });
      },
    });
  }

  /** Listens on an ephemeral loopback port. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** The SMTP_URL that delivers here. The sink offers no STARTTLS, so nodemailer sends in the clear without being told to. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const wake of [...this.waiters]) wake(new Error("the SMTP sink stopped"));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Forgets every message (between tests). */
  clear(): void {
    this.messages.length = 0;
    this.errors.length = 0;
    this.handedOut.clear();
  }

  /** Every message received for `address` (envelope recipient), oldest first. */
  to(address: string): ReceivedMessage[] {
    const wanted = normalize(address);
    return this.messages.filter((m) => m.envelopeTo.includes(wanted));
  }

  /**
   * The next message for `address` that `next` has not returned yet, waiting
   * for it at most `timeoutMs`; rejects naming what did arrive otherwise.
   */
  async next(address: string, timeoutMs = 5000): Promise<ReceivedMessage> {
    const wanted = normalize(address);
    const take = (): ReceivedMessage | null => {
      const seen = this.handedOut.get(wanted) ?? 0;
      const found = this.to(wanted)[seen];
      if (!found) return null;
      this.handedOut.set(wanted, seen + 1);
      return found;
    };
    const ready = take();
    if (ready) return ready;
    return new Promise<ReceivedMessage>((resolve, reject) => {
      const wake = (stopped?: Error) => {
        if (stopped) {
          cleanup();
          reject(stopped);
          return;
        }
        const found = take();
        if (!found) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        const got = this.messages.map((m) => `${m.envelopeTo.join(",")}: ${m.subject}`);
        reject(new Error(`no new message to ${address} within ${timeoutMs} ms; received: ${JSON.stringify(got)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
    });
  }
}
