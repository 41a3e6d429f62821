// A real SMTP server on loopback that keeps every message (the console's
// counterpart of apps/api/test/support/smtp-sink.ts): a message is parsed and
// stored before DATA is answered, so once the API call that sent it has
// answered, the message is here. The console tests point the API's SMTP_URL at it.
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export class SmtpSink {
  messages = [];
  port = 0;
  #waiters = new Set();
  #server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((parsed) => {
          this.messages.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
          });
          for (const wake of this.#waiters) wake();
          callback();
        })
        .catch(callback);
    },
  });

  async start() {
    await new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(0, "127.0.0.1", resolve);
    });
    this.port = this.#server.server.address().port;
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop() {
    await new Promise((resolve) => this.#server.close(resolve));
  }

  /** Every message to `address`, oldest first. */
  to(address) {
    return this.messages.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** The first message to `address`, waiting up to `timeoutMs` for it. */
  async messageTo(address, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [found] = this.to(address);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message to ${address} within ${timeoutMs} ms; got ${JSON.stringify(this.messages.map((m) => m.to))}`);
      await new Promise((wake) => {
        const timer = setTimeout(wake, left);
        this.#waiters.add(() => (clearTimeout(timer), wake()));
      });
    }
  }

  /** The confirmation link of the newest message to `address`. */
  linkTo(address) {
    const messages = this.to(address);
    const text = messages.at(-1)?.text ?? "";
    const link = /https?:\/\/\S+\/confirm-alias#t=[A-Za-z0-9_-]+/.exec(text)?.[0];
    if (!link) throw new Error(`no confirmation link in the ${messages.length} message(s) to ${address}`);
    return link;
  }
}
