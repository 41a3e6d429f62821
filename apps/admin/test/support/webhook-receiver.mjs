// A webhook receiver on loopback (the console's counterpart of
// apps/api/test/support/webhook-receiver.ts): keeps every request's headers
// and body; each request takes the next planned HTTP status, then 204.
import { createServer } from "node:http";

export class WebhookReceiver {
  received = [];
  plan = [];
  url = "";
  #waiters = new Set();
  #server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      this.received.push({ headers: req.headers, body });
      res.writeHead(this.plan.shift() ?? 204).end();
      for (const wake of this.#waiters) wake();
    });
  });

  async start() {
    await new Promise((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${this.#server.address().port}/hooks`;
    return this;
  }

  /** Resolves with the first request (from now on or already received) that `match` accepts. */
  async next(match, timeoutMs = 20_000) {
    const found = () => this.received.find(match);
    if (found()) return found();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(wake);
        reject(new Error(`no matching webhook within ${timeoutMs} ms; received ${this.received.length}`));
      }, timeoutMs);
      const wake = () => {
        const hit = found();
        if (!hit) return;
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve(hit);
      };
      this.#waiters.add(wake);
    });
  }

  async stop() {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}
