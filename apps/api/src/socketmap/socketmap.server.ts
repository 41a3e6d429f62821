import net from "node:net";
import type { AddressInfo } from "node:net";
import { NetstringDecoder, NetstringError, encodeNetstring } from "./netstring";
import { type SocketmapReply, perm, replyText, temp } from "./socketmap.reply";

/** Answers one request: `map` is the name field of the request, `key` the rest. */
export type SocketmapLookup = (map: string, key: string) => Promise<SocketmapReply>;

export interface SocketmapServerOptions {
  lookup: SocketmapLookup;
  /** Close a connection with no complete request for this long (Postfix closes idle ones after 10 s). */
  idleTimeoutMs?: number;
  /** Close any connection this old once its answers are out (Postfix closes them after 100 s). */
  maxConnectionMs?: number;
  /** Longest key answered (Postfix sends at most 10,000 bytes); longer ones get PERM. */
  maxKeyBytes?: number;
  /** Longest reply (Postfix reads at most 100,000 bytes); a longer one is sent as TEMP. */
  maxReplyBytes?: number;
  /** Requests of one connection being answered at once; reading pauses beyond this. */
  maxPipelined?: number;
  log?: (message: string) => void;
}

// Map names are short identifiers; this bounds the request beyond the key.
const MAX_NAME_BYTES = 64;

interface Pending {
  reply: SocketmapReply | null;
}

/**
 * Postfix's socketmap protocol over TCP. Requests of one connection are looked
 * up concurrently and answered in the order they came (pipelining); reading
 * pauses while `maxPipelined` answers are outstanding or the client does not
 * read, so a connection holds bounded memory. A byte stream that is not
 * netstrings is closed: it cannot be put back in step.
 */
export class SocketmapServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly options: Required<SocketmapServerOptions>;

  constructor(options: SocketmapServerOptions) {
    this.options = {
      idleTimeoutMs: 10_000,
      maxConnectionMs: 100_000,
      maxKeyBytes: 10_000,
      maxReplyBytes: 100_000,
      maxPipelined: 64,
      log: (message) => console.warn(`socketmap: ${message}`),
      ...options,
    };
    this.server = net.createServer((socket) => this.serve(socket));
  }

  /** Connections currently open (for tests that check nothing leaks). */
  get connections(): number {
    return this.sockets.size;
  }

  async listen(port: number, host = "127.0.0.1"): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: net.Socket): void {
    const o = this.options;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const decoder = new NetstringDecoder(MAX_NAME_BYTES + 1 + o.maxKeyBytes);
    const queue: Pending[] = [];
    let expired = false;
    let idle: NodeJS.Timeout;
    const armIdle = () => {
      clearTimeout(idle);
      // Answers still being looked up are not idleness; a half-sent request is.
      idle = setTimeout(() => (queue.length === 0 ? socket.destroy() : armIdle()), o.idleTimeoutMs);
    };
    armIdle();
    const lifetime = setTimeout(() => {
      expired = true;
      if (queue.length === 0) socket.end();
    }, o.maxConnectionMs);
    const resumeIfRoom = () => {
      if (queue.length < o.maxPipelined && !socket.writableNeedDrain && !expired) socket.resume();
    };
    const flush = () => {
      // Every answer that is ready goes out in one write: pipelined answers often finish together.
      const ready: Buffer[] = [];
      while (queue.length > 0 && queue[0].reply !== null) ready.push(this.encode(queue.shift()!.reply as SocketmapReply));
      if (ready.length > 0) socket.write(ready.length === 1 ? ready[0] : Buffer.concat(ready));
      if (expired && queue.length === 0) socket.end();
      else if (socket.writableNeedDrain || queue.length >= o.maxPipelined) socket.pause();
      else resumeIfRoom();
    };
    const answer = (entry: Pending, reply: SocketmapReply) => {
      entry.reply = reply;
      if (!socket.destroyed) flush();
    };

    socket.on("data", (chunk: Buffer) => {
      let items;
      try {
        items = decoder.push(chunk);
      } catch (error) {
        if (!(error instanceof NetstringError)) throw error;
        o.log(`closing a connection from ${socket.remoteAddress}: ${error.message}`);
        socket.destroy();
        return;
      }
      if (items.length > 0) armIdle();
      for (const item of items) {
        const entry: Pending = { reply: null };
        queue.push(entry);
        if ("tooLong" in item) {
          answer(entry, perm(`request of ${item.tooLong} bytes is longer than keys of ${o.maxKeyBytes} bytes`));
          continue;
        }
        const request = item.payload.toString("utf8");
        const space = request.indexOf(" ");
        if (space <= 0) {
          answer(entry, perm('request is not "name key"'));
          continue;
        }
        const key = request.slice(space + 1);
        if (Buffer.byteLength(key) > o.maxKeyBytes) {
          answer(entry, perm(`key is longer than ${o.maxKeyBytes} bytes`));
          continue;
        }
        o.lookup(request.slice(0, space), key).then(
          (reply) => answer(entry, reply),
          (error: unknown) => {
            o.log(`lookup failed: ${error instanceof Error ? error.message : String(error)}`);
            answer(entry, temp("lookup failed"));
          },
        );
      }
      if (queue.length >= o.maxPipelined) socket.pause();
    });
    socket.on("drain", resumeIfRoom);
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      clearTimeout(idle);
      clearTimeout(lifetime);
      queue.length = 0;
      this.sockets.delete(socket);
    });
  }

  private encode(reply: SocketmapReply): Buffer {
    let text = replyText(reply);
    if (Buffer.byteLength(text) > this.options.maxReplyBytes) {
      this.options.log(`a reply of ${Buffer.byteLength(text)} bytes is over the ${this.options.maxReplyBytes}-byte limit; sent TEMP`);
      text = replyText(temp(`reply longer than ${this.options.maxReplyBytes} bytes`));
    }
    return encodeNetstring(text);
  }
}
