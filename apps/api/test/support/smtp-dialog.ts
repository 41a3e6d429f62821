import net from "node:net";

/**
 * A plain SMTP client that hands back each reply as the server sent it, so a
 * test can assert the exact code and text Postfix answers at RCPT TO.
 */
export class SmtpDialog {
  private buffer = "";
  private waiting: ((reply: string) => void) | null = null;
  private lines: string[] = [];

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      this.buffer += chunk;
      let newline: number;
      while ((newline = this.buffer.indexOf("\r\n")) >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 2);
        this.lines.push(line);
        // "250-…" continues a reply, "250 …" ends it.
        if (/^\d{3}( |$)/.test(line)) {
          const reply = this.lines.join("\n");
          this.lines = [];
          const wake = this.waiting;
          this.waiting = null;
          wake?.(reply);
        }
      }
    });
  }

  static async open(port: number): Promise<{ dialog: SmtpDialog; banner: string }> {
    const socket = net.connect(port, "127.0.0.1");
    const dialog = new SmtpDialog(socket);
    const banner = await dialog.reply();
    return { dialog, banner };
  }

  private reply(): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no SMTP reply within 30 s")), 30_000);
      this.waiting = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
    });
  }

  /** Sends one command line and returns the reply. */
  send(line: string): Promise<string> {
    const reply = this.reply();
    this.socket.write(`${line}\r\n`);
    return reply;
  }

  close(): void {
    this.socket.destroy();
  }
}

export interface SmtpResult {
  rcpt: string[];
  /** The reply to the end of DATA, or null when no recipient was accepted. */
  data: string | null;
}

/** One message: the reply to each RCPT TO, then DATA if any recipient was accepted. */
export async function sendMessage(port: number, from: string, to: string[], subject: string): Promise<SmtpResult> {
  const { dialog } = await SmtpDialog.open(port);
  try {
    await dialog.send("EHLO client.postroom.test");
    const utf8 = [from, ...to].some((a) => /[^\x00-\x7f]/.test(a)) ? " SMTPUTF8" : "";
    const mail = await dialog.send(`MAIL FROM:<${from}>${utf8}`);
    if (!mail.startsWith("250")) throw new Error(`MAIL FROM refused: ${mail}`);
    const rcpt: string[] = [];
    for (const address of to) rcpt.push(await dialog.send(`RCPT TO:<${address}>`));
    let data: string | null = null;
    if (rcpt.some((r) => r.startsWith("250"))) {
      const go = await dialog.send("DATA");
      if (!go.startsWith("354")) throw new Error(`DATA refused: ${go}`);
      data = await dialog.send(`From: <${from}>\r\nTo: <${to[0]}>\r\nSubject: ${subject}\r\n\r\nHello from the socketmap test.\r\n.`);
    }
    await dialog.send("QUIT");
    return { rcpt, data };
  } finally {
    dialog.close();
  }
}
