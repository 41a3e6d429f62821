import dgram from "node:dgram";

/**
 * A real DNS server on loopback (UDP) answering TXT queries from a table the
 * test controls; every other name is NXDOMAIN. Just enough of RFC 1035.
 */
export class LoopbackDnsServer {
  readonly records = new Map<string, string[]>();
  private readonly socket = dgram.createSocket("udp4");
  port = 0;

  async start(): Promise<void> {
    this.socket.on("message", (msg, rinfo) => {
      const reply = this.answer(msg);
      if (reply) this.socket.send(reply, rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve) => this.socket.bind(0, "127.0.0.1", resolve));
    this.port = this.socket.address().port;
  }

  get server(): string {
    return `127.0.0.1:${this.port}`;
  }

  setTxt(name: string, values: string[]): void {
    this.records.set(name.toLowerCase(), values);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private answer(msg: Buffer): Buffer | null {
    if (msg.length < 12) return null;
    let offset = 12;
    const labels: string[] = [];
    while (offset < msg.length && msg[offset] !== 0) {
      const length = msg[offset];
      labels.push(msg.subarray(offset + 1, offset + 1 + length).toString("latin1"));
      offset += length + 1;
    }
    offset += 1;
    const qtype = msg.readUInt16BE(offset);
    const questionEnd = offset + 4;
    const name = labels.join(".").toLowerCase();
    const values = qtype === 16 ? this.records.get(name) : undefined;
    const known = this.records.has(name);
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8180 | (known ? 0 : 3), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(values?.length ?? 0, 6);
    const answers = (values ?? []).map((value) => {
      const chunks: Buffer[] = [];
      const bytes = Buffer.from(value, "utf8");
      for (let i = 0; i < bytes.length || i === 0; i += 255) {
        const part = bytes.subarray(i, i + 255);
        chunks.push(Buffer.from([part.length]), part);
        if (bytes.length === 0) break;
      }
      const rdata = Buffer.concat(chunks);
      const fixed = Buffer.alloc(12);
      fixed.writeUInt16BE(0xc00c, 0);
      fixed.writeUInt16BE(16, 2);
      fixed.writeUInt16BE(1, 4);
      fixed.writeUInt32BE(60, 6);
      fixed.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([fixed, rdata]);
    });
    return Buffer.concat([header, msg.subarray(12, questionEnd), ...answers]);
  }
}
