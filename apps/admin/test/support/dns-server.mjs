import dgram from "node:dgram";

/**
 * A DNS server on loopback (UDP) answering TXT queries from a table the test
 * fills; every other name is NXDOMAIN. Domain verification reads the TXT
 * record through it (DNS_SERVERS), so a domain can be verified for real.
 * A port of apps/api/test/support/dns-server.ts.
 */
export class LoopbackDnsServer {
  records = new Map();
  socket = dgram.createSocket("udp4");

  async start() {
    this.socket.on("message", (msg, rinfo) => {
      const reply = this.answer(msg);
      if (reply) this.socket.send(reply, rinfo.port, rinfo.address);
    });
    await new Promise((done) => this.socket.bind(0, "127.0.0.1", done));
    return `127.0.0.1:${this.socket.address().port}`;
  }

  setTxt(name, values) {
    this.records.set(name.toLowerCase(), values);
  }

  stop() {
    return new Promise((done) => this.socket.close(done));
  }

  answer(msg) {
    if (msg.length < 12) return null;
    let offset = 12;
    const labels = [];
    while (offset < msg.length && msg[offset] !== 0) {
      const length = msg[offset];
      labels.push(msg.subarray(offset + 1, offset + 1 + length).toString("latin1"));
      offset += length + 1;
    }
    offset += 1;
    const qtype = msg.readUInt16BE(offset);
    const questionEnd = offset + 4;
    const name = labels.join(".").toLowerCase();
    const values = qtype === 16 ? (this.records.get(name) ?? []) : [];
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2);
    // Response, recursion desired and available; NXDOMAIN for unknown names.
    header.writeUInt16BE(0x8180 | (this.records.has(name) ? 0 : 3), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(values.length, 6);
    const answers = values.map((value) => {
      const bytes = Buffer.from(value, "utf8");
      const chunks = [];
      for (let i = 0; i === 0 || i < bytes.length; i += 255) {
        const part = bytes.subarray(i, i + 255);
        chunks.push(Buffer.from([part.length]), part);
      }
      const rdata = Buffer.concat(chunks);
      const fixed = Buffer.alloc(12);
      fixed.writeUInt16BE(0xc00c, 0); // name: pointer to the question
      fixed.writeUInt16BE(16, 2); // TXT
      fixed.writeUInt16BE(1, 4); // IN
      fixed.writeUInt32BE(60, 6); // TTL
      fixed.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([fixed, rdata]);
    });
    return Buffer.concat([header, msg.subarray(12, questionEnd), ...answers]);
  }
}

