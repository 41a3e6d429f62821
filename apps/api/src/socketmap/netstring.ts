/**
 * Netstrings (https://cr.yp.to/proto/netstrings.txt): `<length>:<bytes>,`,
 * the framing of Postfix's socketmap protocol.
 */

/** Encodes one netstring; the length counts bytes, not characters. */
export function encodeNetstring(payload: string): Buffer {
  const body = Buffer.from(payload, "utf8");
  const head = Buffer.from(`${body.length}:`, "latin1");
  return Buffer.concat([head, body, Buffer.from(",", "latin1")]);
}

/** One decoded item: a payload, or a netstring whose declared length was over the limit (its bytes were skipped). */
export type NetstringItem = { payload: Buffer } | { tooLong: number };

export class NetstringError extends Error {}

// A length over ten digits is junk, not a big request: 10 digits already allow 9.9 GB.
const MAX_LENGTH_DIGITS = 10;
const COLON = 0x3a;
const COMMA = 0x2c;

/**
 * Incremental decoder: feed it chunks as they arrive, take whole items out.
 * Memory stays bounded by `maxLength`: a longer netstring is read past (its
 * bytes dropped as they come) and reported as `tooLong`, so the stream stays
 * in step and the caller can answer it in order. Anything that is not a
 * netstring throws NetstringError: the stream cannot be resynchronized.
 */
export class NetstringDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes of an over-long payload still to drop, then its comma. */
  private skipping: { remaining: number; declared: number } | null = null;

  constructor(private readonly maxLength: number) {}

  /** True while part of an item has been received but not all of it. */
  get partial(): boolean {
    return this.buffer.length > 0 || this.skipping !== null;
  }

  push(chunk: Buffer): NetstringItem[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const items: NetstringItem[] = [];
    for (;;) {
      if (this.skipping) {
        const drop = Math.min(this.skipping.remaining, this.buffer.length);
        this.buffer = this.buffer.subarray(drop);
        this.skipping.remaining -= drop;
        if (this.skipping.remaining > 0 || this.buffer.length === 0) break;
        if (this.buffer[0] !== COMMA) throw new NetstringError("netstring not terminated by a comma");
        this.buffer = this.buffer.subarray(1);
        items.push({ tooLong: this.skipping.declared });
        this.skipping = null;
        continue;
      }
      const colon = this.buffer.indexOf(COLON);
      const digits = colon < 0 ? this.buffer.length : colon;
      for (let i = 0; i < digits; i++) {
        const c = this.buffer[i];
        if (c < 0x30 || c > 0x39) throw new NetstringError("netstring length is not a number");
      }
      if (digits > MAX_LENGTH_DIGITS) throw new NetstringError("netstring length is too long");
      if (colon < 0) break;
      if (colon === 0) throw new NetstringError("netstring length is empty");
      const length = Number(this.buffer.toString("latin1", 0, colon));
      if (length > this.maxLength) {
        this.buffer = this.buffer.subarray(colon + 1);
        this.skipping = { remaining: length, declared: length };
        continue;
      }
      if (this.buffer.length < colon + 1 + length + 1) break;
      if (this.buffer[colon + 1 + length] !== COMMA) throw new NetstringError("netstring not terminated by a comma");
      // Copied out, so a retained payload does not pin the whole chunk.
      items.push({ payload: Buffer.from(this.buffer.subarray(colon + 1, colon + 1 + length)) });
      this.buffer = this.buffer.subarray(colon + 1 + length + 1);
    }
    if (this.buffer.length === 0) this.buffer = Buffer.alloc(0);
    return items;
  }
}
