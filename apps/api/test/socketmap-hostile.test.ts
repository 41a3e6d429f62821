import { encodeNetstring } from "../src/socketmap/netstring";
import { SocketmapServer } from "../src/socketmap/socketmap.server";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import { seedMailDirectory } from "./support/mail-directory";
import { SocketmapClient } from "./support/socketmap-client";

const ALIAS = "virtual_alias_maps";

describe.each(dialects())("socketmap server under hostile clients (%s)", (dialect) => {
  const app = useTestApp(dialect);
  let server: SocketmapServer;
  let port: number;
  const logs: string[] = [];

  beforeEach(async () => {
    logs.length = 0;
    await seedMailDirectory(app);
    server = new SocketmapServer({ lookup: (map, key) => app.services.mailMaps.lookup(map, key), idleTimeoutMs: 300, log: (m) => logs.push(m) });
    port = (await server.listen(0)).port;
  });
  afterEach(async () => {
    await server.close();
  });

  /** The server has seen every connection close, and still answers a newcomer. */
  async function healthy(): Promise<void> {
    for (let i = 0; i < 300 && server.connections > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.connections).toBe(0);
    const fresh = await SocketmapClient.connect(port);
    expect(await fresh.ask(ALIAS, "ann.alias@acme.test")).toBe("OK ann@acme.test");
    fresh.close();
  }

  it("refuses keys longer than Postfix sends with PERM and answers the next request on the same connection", async () => {
    const client = await SocketmapClient.connect(port);
    const local = "a".repeat(64);
    client.request(ALIAS, `${local}@${"b".repeat(10_000 - 65)}`);
    client.request(ALIAS, `${local}@${"b".repeat(10_001 - 65)}`);
    client.raw(`${50_000_000}:${ALIAS} `);
    client.raw(Buffer.alloc(1_000_000, 0x61));
    expect(client.replies).toEqual([]);
    client.request(ALIAS, "after@acme.test");
    await new Promise((r) => setTimeout(r, 50));
    expect((await client.take(2)).slice(0, 2)).toEqual(["NOTFOUND ", "PERM key is longer than 10000 bytes"]);
    expect(client.replies).toHaveLength(2);
    client.close();
    await healthy();
  });

  it("closes connections that send malformed netstrings, and only those", async () => {
    const good = await SocketmapClient.connect(port);
    const junk = ["virtual_alias_maps ann@acme.test\n", "5:abc", "12:virtual_alias_maps ann@acme.test,", "x:y,", "99999999999:", "0:;"];
    const bad = await Promise.all(junk.map(() => SocketmapClient.connect(port)));
    bad.forEach((c, i) => c.raw(junk[i]));
    bad[1].raw("defgh");
    expect(await good.ask(ALIAS, "team@acme.test")).toBe("OK ann@acme.test,bob@acme.test,partner@partner.example,carol@acme.test,deep@partner.example");
    await Promise.all(bad.filter((_, i) => i !== 0).map((c) => c.closed));
    expect(bad.map((c) => c.replies)).toEqual([[], [], [], [], [], []]);
    bad[0].close();
    good.close();
    await healthy();
  });

  it("treats NUL bytes and invalid UTF-8 in keys as keys that are not found, and names a bad map name escaped", async () => {
    const client = await SocketmapClient.connect(port);
    const answers = [
      await client.ask(ALIAS, "ann@acme.test\u0000"),
      await client.ask(ALIAS, "\u0000"),
      await client.ask(ALIAS, "ann\u0000@acme.test"),
      await client.ask("virtual_mailbox_domains", "acme.test\u0000"),
      await client.ask(`${ALIAS}\u0000`, "ann@acme.test"),
      await client.ask(ALIAS, "ann@acme.test\r\n"),
      await client.ask(ALIAS, "ann@acme.test"),
    ];
    client.raw(Buffer.concat([Buffer.from(`${ALIAS.length + 4}:${ALIAS} `), Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(",")]));
    answers.push((await client.take(8))[7]);
    expect(answers.map((a) => a.replace(/; maps: .*/, ""))).toEqual([
      "NOTFOUND ",
      "NOTFOUND ",
      "NOTFOUND ",
      "NOTFOUND ",
      'PERM unknown map "virtual_alias_maps\\u0000"',
      // Surrounding ASCII whitespace is trimmed, as resolveAddress trims it.
      "OK ann@acme.test",
      "OK ann@acme.test",
      "NOTFOUND ",
    ]);
    client.close();
    await healthy();
  });

  it("drops a client that sends one byte at a time without finishing a request, while others are answered", async () => {
    const slow = await SocketmapClient.connect(port);
    const request = encodeNetstring(`${ALIAS} ann@acme.test`);
    let sent = 0;
    const drip = setInterval(() => {
      if (sent < request.length - 1 && !slow.socket.destroyed) slow.raw(request.subarray(sent, ++sent));
    }, 40);
    const others = await SocketmapClient.connect(port);
    expect(await others.ask(ALIAS, "bob@acme.test")).toBe("OK bob@acme.test");
    await slow.closed;
    clearInterval(drip);
    expect(sent).toBeGreaterThan(1);
    expect(slow.replies).toEqual([]);
    others.close();
    const later = await SocketmapClient.connect(port);
    expect(await later.ask(ALIAS, "carol@acme.test")).toBe("OK carol@acme.test");
    later.close();
    await healthy();
  });

  it("serves 1,000 connections opened at once, each with its answer, and keeps none afterwards", async () => {
    const keys = ["ann@acme.test", "ann.alias@acme.test", "inner@acme.test", "nobody@acme.test", "max@bücher.test"];
    const expected = ["OK ann@acme.test", "OK ann@acme.test", "OK carol@acme.test,deep@partner.example", "NOTFOUND ", "OK max@xn--bcher-kva.test"];
    // Postfix's own idle timeout here: opening 1,000 connections takes longer than the suite's short one.
    await server.close();
    server = new SocketmapServer({ lookup: (map, key) => app.services.mailMaps.lookup(map, key), log: (m) => logs.push(m) });
    port = (await server.listen(0)).port;
    const clients = await Promise.all(Array.from({ length: 1000 }, () => SocketmapClient.connect(port)));
    for (let i = 0; i < 300 && server.connections < 1000; i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.connections).toBe(1000);
    const answers = await Promise.all(clients.map((c, i) => c.ask(ALIAS, keys[i % keys.length])));
    expect(answers).toEqual(clients.map((_, i) => expected[i % keys.length]));
    for (const c of clients) c.close();
    await healthy();
    expect(logs).toEqual([]);
  });
});
