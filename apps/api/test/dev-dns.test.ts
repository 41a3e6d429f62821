import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { Resolver } from "node:dns/promises";
import path from "node:path";
import { DnsTxtLookup } from "../src/dns/txt-resolver";
import { dialects } from "./support/databases";
import { useTestApp } from "./support/harness";

const SCRIPT = path.resolve(__dirname, "../scripts/dev-dns.mjs");
const ADD = "mutation($i: AddDomainInput!) { addDomain(input: $i) { id name verificationRecord { name type value } } }";

/** `npm run dev-dns` as a newcomer runs it, on a free port, over the test's database. */
async function startDevDns(databaseUrl: string): Promise<{ child: ChildProcessWithoutNullStreams; server: string; output: () => string }> {
  const child = spawn(process.execPath, [SCRIPT, "--port", "0"], { env: { ...process.env, DATABASE_URL: databaseUrl } });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const server = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`dev-dns exited with ${code}: ${output}`)));
  });
  return { child, server, output: () => output };
}

async function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  return exited;
}

async function txt(server: string, name: string): Promise<string[][] | string> {
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([server]);
  try {
    return await resolver.resolveTxt(name);
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe.each(dialects())("npm run dev-dns (%s)", (dialect) => {
  const app = useTestApp(dialect);
  let devDns: Awaited<ReturnType<typeof startDevDns>> | undefined;

  afterEach(async () => {
    if (devDns) expect(await stop(devDns.child)).toBe(0);
    devDns = undefined;
  });

  it("answers each pending domain's verification record from the database, read on every query", async () => {
    const orgId = await app.createOrg("Acme");
    const first = (await app.ok(ADD, { i: { organizationId: orgId, name: "acme.example" } })).addDomain;
    devDns = await startDevDns(app.database.url);
    expect(devDns.output()).toContain(`start Postroom with DNS_SERVERS=${devDns.server}`);

    expect(await txt(devDns.server, "acme.example")).toEqual([[first.verificationRecord.value]]);
    expect(await txt(devDns.server, "ACME.example")).toEqual([[first.verificationRecord.value]]);
    expect(await txt(devDns.server, "nothing.example")).toBe("ENOTFOUND");

    // Added after the responder started, and the same name pending in another organization: both records.
    const globex = await app.createOrg("Globex");
    const later = (await app.ok(ADD, { i: { organizationId: orgId, name: "Bücher.example" } })).addDomain;
    const rival = (await app.ok(ADD, { i: { organizationId: globex, name: "acme.example" } })).addDomain;
    expect(await txt(devDns.server, "xn--bcher-kva.example")).toEqual([[later.verificationRecord.value]]);
    expect((await txt(devDns.server, "acme.example")) as string[][]).toEqual(
      expect.arrayContaining([[first.verificationRecord.value], [rival.verificationRecord.value]]),
    );
    expect(((await txt(devDns.server, "acme.example")) as string[][]).length).toBe(2);
  });

  it("is what verifyDomain needs: the record it serves verifies the domain, which then leaves its answers", async () => {
    const orgId = await app.createOrg("Acme");
    const added = (await app.ok(ADD, { i: { organizationId: orgId, name: "acme.example" } })).addDomain;
    devDns = await startDevDns(app.database.url);
    // The product's own look-up, as DNS_SERVERS=<dev-dns> configures it.
    const served = await new DnsTxtLookup([devDns.server]).txt("acme.example");
    expect(served).toEqual([added.verificationRecord.value]);
    // The harness's API reads its own loopback resolver: publish there exactly what dev-dns answered.
    app.dns.setTxt("acme.example", served);
    expect((await app.ok("mutation($id: ID!) { verifyDomain(id: $id) { status } }", { id: added.id })).verifyDomain.status).toBe("VERIFIED");
    expect(await txt(devDns.server, "acme.example")).toBe("ENOTFOUND");
  });
});
