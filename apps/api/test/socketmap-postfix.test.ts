import { ResolutionService } from "../src/addresses/resolution.service";
import { type Database, openDatabase } from "../src/db/database";
import { ExpansionService } from "../src/groups/expansion.service";
import { SenderService } from "../src/groups/sender.service";
import { MailMapService } from "../src/socketmap/mail-maps.service";
import { SocketmapServer } from "../src/socketmap/socketmap.server";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";
import { seedMailDirectory } from "./support/mail-directory";
import { PostfixInstance, postfixTestable } from "./support/postfix";
import { sendMessage } from "./support/smtp-dialog";
import { SmtpSink } from "./support/smtp-sink";

const REMOVE = "mutation($id: ID!) { removeAddress(id: $id) { id } }";
const SENDER = "someone@outside.example";

/**
 * A real Postfix of the test's own in front of Postroom: its virtual maps on
 * the socketmap, every delivery relayed to the SMTP sink. The socketmap reads
 * through a database handle of its own, as another API process would, so the
 * test can stop it while the API carries on.
 */
describe.each(dialects())("a real Postfix on the socketmap (%s)", (dialect) => {
  const testable = postfixTestable();
  const app = useTestApp(dialect);
  const sink = new SmtpSink();
  const logs: string[] = [];
  let db: Database;
  let maps: MailMapService;
  let socketmap: SocketmapServer;
  let postfix: PostfixInstance;

  async function openMaps(): Promise<void> {
    db = await openDatabase(app.database.url);
    const expansion = new ExpansionService(db);
    maps = new MailMapService(db, new ResolutionService(db, expansion, new SenderService(db, expansion)), expansion, (m) => logs.push(m));
  }

  beforeAll(async () => {
    if (!testable) return;
    await sink.start();
    await openMaps();
    socketmap = new SocketmapServer({ lookup: (map, key) => maps.lookup(map, key) });
    const { port } = await socketmap.listen(0);
    postfix = await PostfixInstance.start({ socketmapPort: port, sinkPort: sink.port });
  });
  afterAll(async () => {
    if (!testable) return;
    await postfix?.stop();
    await socketmap?.close();
    await db?.close();
    await sink.stop();
  });
  beforeEach(() => {
    sink.clear();
    logs.length = 0;
  });

  /** The envelope recipients the sink received for messages with `subject`, once they are all there (or after 30 s). */
  async function delivered(subject: string, expected: string[]): Promise<string[]> {
    const got = () => [...new Set(sink.messages.filter((m) => m.subject === subject).flatMap((m) => m.envelopeTo))].sort();
    for (let i = 0; i < 300 && got().length < expected.length; i++) await new Promise((r) => setTimeout(r, 100));
    return got();
  }

  const its = testable ? it : it.skip;

  its("delivers mail for an alias, a +tag address, a nested group, a secondary and an IDN address to the right mailboxes", async () => {
    await seedMailDirectory(app);
    const sent = [
      await sendMessage(postfix.smtpPort, SENDER, ["ann.alias@acme.test"], "to the alias"),
      await sendMessage(postfix.smtpPort, SENDER, ["bob+news@acme.test"], "to a tag"),
      await sendMessage(postfix.smtpPort, SENDER, ["team@acme.test"], "to the group"),
      await sendMessage(postfix.smtpPort, SENDER, ["ann.old@acme.test"], "to the secondary"),
      await sendMessage(postfix.smtpPort, SENDER, ["max@bücher.test"], "to an IDN domain"),
    ];
    expect(sent.map((s) => [s.rcpt[0].slice(0, 9), s.data?.slice(0, 9)])).toEqual(sent.map(() => ["250 2.1.5", "250 2.0.0"]));
    expect(await delivered("to the alias", ["ann@acme.test"])).toEqual(["ann@acme.test"]);
    expect(await delivered("to a tag", ["bob@acme.test"])).toEqual(["bob@acme.test"]);
    const group = ["ann@acme.test", "bob@acme.test", "carol@acme.test", "deep@partner.example", "partner@partner.example"];
    expect(await delivered("to the group", group)).toEqual(group);
    expect(await delivered("to the secondary", ["ann@acme.test"])).toEqual(["ann@acme.test"]);
    expect(await delivered("to an IDN domain", ["max@xn--bcher-kva.test"])).toEqual(["max@xn--bcher-kva.test"]);
    expect(sink.messages.filter((m) => m.envelopeFrom === null)).toEqual([]);
    expect(logs).toEqual([]);
  });

  its("rejects unknown, pending and disabled addresses with 550 User unknown", async () => {
    await seedMailDirectory(app);
    const sent = await sendMessage(
      postfix.smtpPort,
      SENDER,
      ["nobody@acme.test", "ann.new@acme.test", "dave@acme.test", "dave.alias@acme.test", "empty@acme.test"],
      "nowhere",
    );
    expect(sent.rcpt).toEqual(
      ["nobody@acme.test", "ann.new@acme.test", "dave@acme.test", "dave.alias@acme.test", "empty@acme.test"].map(
        (a) => `550 5.1.1 <${a}>: Recipient address rejected: User unknown in virtual mailbox table`,
      ),
    );
    expect(sent.data).toBeNull();
  });

  its("rejects the next message to an address once removeAddress has removed it", async () => {
    const { annAlias } = await seedMailDirectory(app);
    const before = await sendMessage(postfix.smtpPort, SENDER, ["ann.alias@acme.test"], "before removal");
    expect(before.rcpt[0].slice(0, 9)).toBe("250 2.1.5");
    expect(await delivered("before removal", ["ann@acme.test"])).toEqual(["ann@acme.test"]);
    await app.ok(REMOVE, { id: annAlias });
    const after = await sendMessage(postfix.smtpPort, SENDER, ["ann.alias@acme.test"], "after removal");
    expect(after).toEqual({ rcpt: ["550 5.1.1 <ann.alias@acme.test>: Recipient address rejected: User unknown in virtual mailbox table"], data: null });
  });

  its("defers with 4xx, and bounces nothing, while the database is stopped", async () => {
    await seedMailDirectory(app);
    await db.close();
    try {
      const sent = await sendMessage(postfix.smtpPort, SENDER, ["ann@acme.test", "team@acme.test", "nobody@acme.test"], "database down");
      expect(sent).toEqual({
        rcpt: ["ann@acme.test", "team@acme.test", "nobody@acme.test"].map((a) => `451 4.3.0 <${a}>: Temporary lookup failure`),
        data: null,
      });
      expect(logs.length).toBeGreaterThan(0);
      expect(logs.every((l) => / lookup failed, answered TEMP: /.test(l))).toBe(true);
    } finally {
      await openMaps();
    }
    // smtpd keeps each address's resolve result (failures too) for its lifetime, so ask about one it has not seen.
    const back = await sendMessage(postfix.smtpPort, SENDER, ["carol@acme.test"], "database back");
    expect(back.rcpt[0].slice(0, 9)).toBe("250 2.1.5");
    expect(await delivered("database back", ["carol@acme.test"])).toEqual(["carol@acme.test"]);
    expect(sink.messages.filter((m) => m.envelopeFrom === null)).toEqual([]);
  });
});
