import net from "node:net";
import { NetstringDecoder, encodeNetstring } from "../../src/socketmap/netstring";

/** A raw socketmap client: sends whatever a test wants, hands back replies in the order they came. */
export class SocketmapClient {
  readonly replies: string[] = [];
  /** Resolves when the server (or the client) closed the connection. */
  readonly closed: Promise<void>;
  private readonly decoder = new NetstringDecoder(1_000_000);
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => {
      for (const item of this.decoder.push(chunk)) if ("payload" in item) this.replies.push(item.payload.toString("utf8"));
      this.wake();
    });
    socket.on("error", () => {});
    this.closed = new Promise((resolve) =>
      socket.on("close", () => {
        this.wake();
        resolve();
      }),
    );
  }

  static connect(port: number, host = "127.0.0.1"): Promise<SocketmapClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => {
        socket.off("error", reject);
        resolve(new SocketmapClient(socket));
      });
      socket.once("error", reject);
    });
  }

  /** Sends one request `name key` as a netstring. */
  request(map: string, key: string): void {
    this.socket.write(encodeNetstring(`${map} ${key}`));
  }

  raw(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** Waits for `count` replies in total (or the connection's end) and returns them all. */
  async take(count: number): Promise<string[]> {
    while (this.replies.length < count && !this.socket.destroyed && this.socket.readable) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.replies.slice(0, count);
  }

  /** One request, its reply. */
  async ask(map: string, key: string): Promise<string> {
    const before = this.replies.length;
    this.request(map, key);
    return (await this.take(before + 1))[before];
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
