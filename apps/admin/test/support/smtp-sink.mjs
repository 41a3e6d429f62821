// A real SMTP server on loopback that keeps every message it accepts, parsed;
// the console tests point the API's SMTP_URL at it to see confirmation mail.
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export class SmtpSink {
  messages = [];
  #waiters = new Set();

  constructor() {
    this.server = new SMTPServer({
      secure: false,
      disabledCommands: ["STARTTLS", "AUTH"],
      authOptional: true,
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.messages.push({
              envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
            });
            for (const wake of this.#waiters) wake();
            callback();
          })
          .catch(callback);
      },
    });
  }

  async start() {
    await new Promise((done) => this.server.listen(0, "127.0.0.1", done));
    this.port = this.server.server.address().port;
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The first message to `address` (lower-case), waiting up to `timeoutMs` for it. */
  async messageTo(address, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.envelopeTo.includes(address));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message to ${address} within ${timeoutMs} ms; got ${JSON.stringify(this.messages.map((m) => m.envelopeTo))}`);
      await new Promise((wake) => {
        const timer = setTimeout(wake, left);
        this.#waiters.add(() => (clearTimeout(timer), wake()));
      });
    }
  }

  stop() {
    return new Promise((done) => this.server.close(done));
  }
}
