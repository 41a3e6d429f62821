import { NetstringDecoder, NetstringError, encodeNetstring } from "../src/socketmap/netstring";
import { type SocketmapReply, ok, temp } from "../src/socketmap/socketmap.reply";
import { type SocketmapLookup, SocketmapServer, type SocketmapServerOptions } from "../src/socketmap/socketmap.server";
import { SocketmapClient } from "./support/socketmap-client";

describe("netstrings", () => {
  it("encodes the byte length, not the character length", () => {
    expect(encodeNetstring("OK bob@acme.test").toString()).toBe("16:OK bob@acme.test,");
    expect(encodeNetstring("OK é").toString()).toBe("5:OK é,");
    expect(encodeNetstring("").toString()).toBe("0:,");
  });

  it("decodes items split across chunks and several items in one chunk", () => {
    const d = new NetstringDecoder(100);
    expect(d.push(Buffer.from("3:ab"))).toEqual([]);
    expect(d.partial).toBe(true);
    const items = d.push(Buffer.from("c,0:,2:xy,1"));
    expect(items.map((i) => ("payload" in i ? i.payload.toString() : i))).toEqual(["abc", "", "xy"]);
    expect(d.push(Buffer.from(":z,")).map((i) => ("payload" in i ? i.payload.toString() : i))).toEqual(["z"]);
    expect(d.partial).toBe(false);
  });

  it("reads past an over-long netstring in bounded memory and reports its declared length", () => {
    const d = new NetstringDecoder(5);
    expect(d.push(Buffer.from("12:abcdef"))).toEqual([]);
    expect(d.push(Buffer.from("ghijkl,2:ok,"))).toEqual([{ tooLong: 12 }, { payload: Buffer.from("ok") }]);
  });

  it("throws on anything that is not a netstring", () => {
    for (const junk of ["abc", "3:abcd", ":x,", "12345678901:", "-1:x,", "3:abc;", "1 :a,"]) {
      expect(() => new NetstringDecoder(100).push(Buffer.from(junk))).toThrow(NetstringError);
    }
  });
});

async function withServer(
  lookup: SocketmapLookup,
  options: Partial<SocketmapServerOptions>,
  run: (port: number, server: SocketmapServer, logs: string[]) => Promise<void>,
): Promise<void> {
  const logs: string[] = [];
  const server = new SocketmapServer({ lookup, log: (m) => logs.push(m), ...options });
  const { port } = await server.listen(0);
  try {
    await run(port, server, logs);
  } finally {
    await server.close();
  }
}

/** Waits until the server has seen its side of every connection close. */
async function drained(server: SocketmapServer): Promise<number> {
  for (let i = 0; i < 200 && server.connections > 0; i++) await new Promise((r) => setTimeout(r, 10));
  return server.connections;
}

const echo: SocketmapLookup = async (map, key) => ok(`${map}=${key}`);

describe("socketmap server protocol", () => {
  it("answers pipelined requests in the order they came, even when later ones finish first", async () => {
    const release: Record<string, () => void> = {};
    const lookup: SocketmapLookup = (map, key) =>
      new Promise<SocketmapReply>((resolve) => {
        release[key] = () => resolve(ok(key.toUpperCase()));
      });
    await withServer(lookup, {}, async (port) => {
      const client = await SocketmapClient.connect(port);
      client.raw(Buffer.concat(["a", "b", "c"].map((k) => encodeNetstring(`m ${k}`))));
      while (Object.keys(release).length < 3) await new Promise((r) => setTimeout(r, 5));
      release.c();
      release.b();
      release.a();
      expect(await client.take(3)).toEqual(["OK A", "OK B", "OK C"]);
      client.close();
    });
  });

  it("keeps answering pipelined requests beyond the in-flight window, in order", async () => {
    await withServer(echo, { maxPipelined: 4 }, async (port) => {
      const client = await SocketmapClient.connect(port);
      const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
      client.raw(Buffer.concat(keys.map((k) => encodeNetstring(`m ${k}`))));
      expect(await client.take(200)).toEqual(keys.map((k) => `OK m=${k}`));
      client.close();
    });
  });

  it("sends NOTFOUND with its trailing space and the reason of TEMP and PERM", async () => {
    const lookup: SocketmapLookup = async (_map, key) =>
      key === "gone" ? { status: "NOTFOUND" } : key === "later" ? temp("busy") : { status: "PERM", reason: "no" };
    await withServer(lookup, {}, async (port) => {
      const client = await SocketmapClient.connect(port);
      expect(await client.ask("m", "gone")).toBe("NOTFOUND ");
      expect(await client.ask("m", "later")).toBe("TEMP busy");
      expect(await client.ask("m", "x")).toBe("PERM no");
      client.close();
    });
  });

  it("answers TEMP when a lookup throws, and keeps the connection", async () => {
    const lookup: SocketmapLookup = async (_map, key) => {
      if (key === "boom") throw new Error("connection lost");
      return ok(key);
    };
    await withServer(lookup, {}, async (port, _server, logs) => {
      const client = await SocketmapClient.connect(port);
      expect(await client.ask("m", "boom")).toBe("TEMP lookup failed");
      expect(await client.ask("m", "fine")).toBe("OK fine");
      expect(logs).toEqual(["lookup failed: connection lost"]);
      client.close();
    });
  });

  it("refuses a key longer than the limit with PERM, in order, and answers the next request", async () => {
    await withServer(echo, { maxKeyBytes: 10 }, async (port) => {
      const client = await SocketmapClient.connect(port);
      client.request("m", "k".repeat(10));
      client.request("m", "k".repeat(11));
      client.request("m", "x".repeat(5000));
      client.request("m", "after");
      expect(await client.take(4)).toEqual([
        `OK m=${"k".repeat(10)}`,
        "PERM key is longer than 10 bytes",
        "PERM request of 5002 bytes is longer than keys of 10 bytes",
        "OK m=after",
      ]);
      client.close();
    });
  });

  it("answers TEMP instead of a reply over the reply limit", async () => {
    await withServer(
      async () => ok("x".repeat(200)),
      { maxReplyBytes: 100 },
      async (port, _server, logs) => {
        const client = await SocketmapClient.connect(port);
        expect(await client.ask("m", "big")).toBe("TEMP reply longer than 100 bytes");
        expect(logs).toEqual(["a reply of 203 bytes is over the 100-byte limit; sent TEMP"]);
        client.close();
      },
    );
  });

  it("answers PERM to a request without a key", async () => {
    await withServer(echo, {}, async (port) => {
      const client = await SocketmapClient.connect(port);
      client.raw(encodeNetstring("virtual_alias_maps"));
      expect(await client.take(1)).toEqual(['PERM request is not "name key"']);
      client.close();
    });
  });

  it("closes a connection that sends something other than netstrings", async () => {
    await withServer(echo, {}, async (port, server, logs) => {
      const client = await SocketmapClient.connect(port);
      client.raw("GET / HTTP/1.1\r\n\r\n");
      await client.closed;
      expect(client.replies).toEqual([]);
      expect(logs[0]).toMatch(/^closing a connection from 127\.0\.0\.1: netstring length is not a number$/);
      expect(await drained(server)).toBe(0);
    });
  });

  it("closes an idle connection, and one whose request never completes, after the idle timeout", async () => {
    await withServer(echo, { idleTimeoutMs: 150 }, async (port, server) => {
      const idle = await SocketmapClient.connect(port);
      const trickle = await SocketmapClient.connect(port);
      expect(await trickle.ask("m", "one")).toBe("OK m=one");
      trickle.raw("9:m ");
      const stillTrickling = setInterval(() => trickle.raw("x"), 30);
      await Promise.all([idle.closed, trickle.closed]);
      clearInterval(stillTrickling);
      expect(trickle.replies).toEqual(["OK m=one"]);
      expect(await drained(server)).toBe(0);
    });
  });

  it("ends a connection past its maximum age once its answers are out", async () => {
    await withServer(echo, { maxConnectionMs: 100, idleTimeoutMs: 10_000 }, async (port, server) => {
      const client = await SocketmapClient.connect(port);
      const answered: string[] = [];
      const asking = setInterval(() => {
        if (!client.socket.destroyed) client.request("m", `k${answered.push("")}`);
      }, 10);
      await client.closed;
      clearInterval(asking);
      expect(client.replies.length).toBeGreaterThan(0);
      expect(client.replies.every((r, i) => r === `OK m=k${i + 1}`)).toBe(true);
      expect(await drained(server)).toBe(0);
    });
  });
});
