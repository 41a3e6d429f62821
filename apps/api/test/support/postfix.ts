import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const POSTFIX = "/usr/sbin/postfix";
const POSTMAP = "/usr/sbin/postmap";

/**
 * Whether Debian's postfix is installed. Under CI=true its absence fails the
 * run (.ci/run installs it) instead of silently dropping the Postfix suites.
 */
export function postfixTestable(): boolean {
  if (fs.existsSync(POSTFIX) && fs.existsSync(POSTMAP)) return true;
  if (process.env.CI === "true") throw new Error("CI=true but postfix is not installed (apt-get install postfix): the Postfix suites cannot be skipped in CI");
  console.warn("postfix is not installed: its socketmap suites are skipped (DEBIAN_FRONTEND=noninteractive apt-get install -y postfix)");
  return false;
}

// Debian's master.cf without chroot (the private queue has no chroot jail) and with smtpd on our own port.
function masterCf(smtpPort: number): string {
  const services = [
    `127.0.0.1:${smtpPort} inet n - n - - smtpd`,
    "pickup unix n - n 60 1 pickup",
    "cleanup unix n - n - 0 cleanup",
    "qmgr unix n - n 300 1 qmgr",
    "tlsmgr unix - - n 1000? 1 tlsmgr",
    "rewrite unix - - n - - trivial-rewrite",
    "bounce unix - - n - 0 bounce",
    "defer unix - - n - 0 bounce",
    "trace unix - - n - 0 bounce",
    "verify unix - - n - 1 verify",
    "flush unix n - n 1000? 0 flush",
    "proxymap unix - - n - - proxymap",
    "proxywrite unix - - n - 1 proxymap",
    "smtp unix - - n - - smtp",
    "relay unix - - n - - smtp",
    "showq unix n - n - - showq",
    "error unix - - n - - error",
    "retry unix - - n - - error",
    "discard unix - - n - - discard",
    "anvil unix - - n - 1 anvil",
    "scache unix - - n - 1 scache",
    "postlog unix-dgram n - n - 1 postlogd",
  ];
  return `${services.join("\n")}\n`;
}

/** The main.cf lines that point Postfix at Postroom's socketmap (docs/postfix.md has the same fragment). */
export function socketmapMainCf(socketmapPort: number): string {
  const map = (name: string) => `socketmap:inet:127.0.0.1:${socketmapPort}:${name}`;
  return [
    `virtual_mailbox_domains = ${map("virtual_mailbox_domains")}`,
    `virtual_alias_maps = ${map("virtual_alias_maps")}`,
    `virtual_mailbox_maps = ${map("virtual_mailbox_maps")}`,
    `smtpd_sender_login_maps = ${map("smtpd_sender_login_maps")}`,
  ].join("\n");
}

/** A config directory (mode 755 all the way, as the postfix user needs) with main.cf, master.cf and an empty queue. */
function configDirectory(mainCf: string, smtpPort: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "postroom-postfix-"));
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, "queue"), { mode: 0o755 });
  fs.writeFileSync(path.join(dir, "main.cf"), mainCf.replaceAll("$DIR", dir), { mode: 0o644 });
  fs.writeFileSync(path.join(dir, "master.cf"), masterCf(smtpPort), { mode: 0o644 });
  return dir;
}

const BASE_MAIN_CF = `compatibility_level = 3.6
queue_directory = $DIR/queue
data_directory = $DIR/data
maillog_file = $DIR/maillog
maillog_file_prefixes = $DIR
myhostname = mx.postroom.test
mydomain = postroom.test
myorigin = $myhostname
mydestination =
alias_maps =
alias_database =
local_recipient_maps =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtputf8_enable = yes
biff = no
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions = reject_unlisted_recipient
`;

/** A free loopback port (closed again before Postfix binds it). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A Postfix instance of the test's own: its own config directory and queue,
 * smtpd on a loopback port, the virtual maps on Postroom's socketmap, and
 * every delivery relayed to the test's SMTP sink. `postfix check` creates the
 * queue folders; `script` gives it the terminal it needs to print errors.
 */
export class PostfixInstance {
  private constructor(
    readonly dir: string,
    readonly smtpPort: number,
  ) {}

  static async start(options: { socketmapPort: number; sinkPort: number }): Promise<PostfixInstance> {
    const smtpPort = await freePort();
    const sink = `smtp:[127.0.0.1]:${options.sinkPort}`;
    const mainCf = `${BASE_MAIN_CF}${socketmapMainCf(options.socketmapPort)}
virtual_transport = ${sink}
default_transport = ${sink}
relay_transport = ${sink}
smtp_dns_support_level = disabled
smtp_tls_security_level = none
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
`;
    const dir = configDirectory(mainCf, smtpPort);
    const instance = new PostfixInstance(dir, smtpPort);
    await instance.postfix("check");
    await instance.postfix("start");
    for (let i = 0; i < 300 && !(await instance.listening()); i++) await new Promise((r) => setTimeout(r, 50));
    if (!(await instance.listening())) throw new Error(`postfix did not listen on ${smtpPort}:\n${instance.log()}`);
    return instance;
  }

  async stop(): Promise<void> {
    await this.postfix("stop").catch(() => undefined);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Everything Postfix logged so far. */
  log(): string {
    const file = path.join(this.dir, "maillog");
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  }

  private async postfix(command: string): Promise<void> {
    try {
      await run("script", ["-qec", `${POSTFIX} -c ${this.dir} ${command}`, "/dev/null"]);
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`postfix ${command} failed: ${e.stdout ?? ""}${e.stderr ?? ""}${this.log()}`);
    }
  }

  private listening(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect(this.smtpPort, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
  }
}

/** A config directory for postmap alone (no running Postfix): UTF-8 keys allowed, as with SMTPUTF8. */
export function postmapConfig(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "postroom-postmap-"));
  fs.writeFileSync(path.join(dir, "main.cf"), "compatibility_level = 3.6\nsmtputf8_enable = yes\n");
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * `postmap -f -q - socketmap:inet:127.0.0.1:<port>:<map>` over many keys at
 * once (-f: keys exactly as given, as the Postfix daemons send them). Returns
 * the found keys with their values; a lookup error makes postmap exit non-zero.
 */
export async function postmapMany(configDir: string, port: number, map: string, keys: string[]): Promise<Map<string, string>> {
  const child = spawn(POSTMAP, ["-c", configDir, "-f", "-q", "-", `socketmap:inet:127.0.0.1:${port}:${map}`], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  child.stdin.end(`${keys.join("\n")}\n`);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  // postmap -q - exits 1 when the last key was not found; anything on stderr is a failure.
  if (stderr !== "" || (code !== 0 && code !== 1)) throw new Error(`postmap failed (${code}): ${stderr}`);
  const found = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    if (line === "") continue;
    const tab = line.indexOf("\t");
    found.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return found;
}

/** `postmap -q <key>` for one key: its exit code, output and error text. */
export async function postmapOne(configDir: string, port: number, map: string, key: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(POSTMAP, ["-c", configDir, "-f", "-q", key, `socketmap:inet:127.0.0.1:${port}:${map}`]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
