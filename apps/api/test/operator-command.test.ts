import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { AuthService } from "../src/auth/auth.service";
import { dialects } from "./support/databases";
import { OPERATOR_EMAIL, OPERATOR_PASSWORD, useTestApp } from "./support/harness";
import { LoginDocument, ViewerDocument } from "./generated/graphql";

const SCRIPT = path.resolve(__dirname, "../scripts/operator.cjs");
const BUILT = path.resolve(__dirname, "../dist/auth/auth.service.js");

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run operator -- …` as the server's owner would: the script itself, DATABASE_URL in the environment. */
function operatorCommand(args: string[], env: Record<string, string>): Promise<Outcome> {
  if (!fs.existsSync(BUILT)) throw new Error(`the operator command runs the BUILT api and ${BUILT} is missing: run \`npm run build\` in apps/api first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe.each(dialects())("npm run operator -- reset-password (%s)", (dialect) => {
  const app = useTestApp(dialect);
  // The harness signs the operator in with the usual password before each test.
  afterEach(async () => {
    await app.services.auth.resetOperatorPassword(OPERATOR_EMAIL, OPERATOR_PASSWORD);
  });

  it("sets the password from POSTROOM_OPERATOR_PASSWORD and ends the operator's sessions", async () => {
    const oldSession = app.operatorToken;
    const uncached = new AuthService(app.db, 3_600_000, 0);
    expect((await uncached.authenticate(oldSession))?.kind).toBe("operator");
    const result = await operatorCommand(["reset-password", OPERATOR_EMAIL.toUpperCase()], {
      DATABASE_URL: app.database.url,
      POSTROOM_OPERATOR_PASSWORD: "brand-new-operator-password",
    });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain(`Password of operator ${OPERATOR_EMAIL} set from POSTROOM_OPERATOR_PASSWORD.`);

    // A running server notices within its session cache time; an API process without a cache refuses the old token at once.
    expect(await app.count("SELECT COUNT(*) AS n FROM session WHERE operator_id IS NOT NULL")).toBe(0);
    expect(await uncached.authenticate(oldSession)).toBeNull();
    const code = await app.code(LoginDocument, { email: OPERATOR_EMAIL, password: OPERATOR_PASSWORD }, null);
    expect(code).toBe("UNAUTHENTICATED");
    const fresh = await app.login(OPERATOR_EMAIL, "brand-new-operator-password");
    expect((await app.request(ViewerDocument, {}, fresh)).viewer).toEqual({
      role: "OPERATOR",
      operator: { id: expect.any(String), email: OPERATOR_EMAIL },
      account: null,
      organization: null,
    });
  });

  it("generates a password and prints it once when none is given", async () => {
    const result = await operatorCommand(["reset-password", OPERATOR_EMAIL], { DATABASE_URL: app.database.url });
    expect(result.code).toBe(0);
    const printed = /New password for operator ops@postroom\.test: (\S+)\n/.exec(result.stdout)?.[1] ?? "";
    expect(printed).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await app.request(ViewerDocument, {}, await app.login(OPERATOR_EMAIL, printed))).viewer?.role).toBe("OPERATOR");
  });

  it("refuses an unknown operator and a wrong command without changing anything", async () => {
    const unknown = await operatorCommand(["reset-password", "nobody@postroom.test"], {
      DATABASE_URL: app.database.url,
      POSTROOM_OPERATOR_PASSWORD: "another-password-1",
    });
    expect(unknown).toEqual({ code: 1, stdout: "", stderr: "No operator signs in as nobody@postroom.test.\n" });
    const usage = await operatorCommand(["reset", OPERATOR_EMAIL], { DATABASE_URL: app.database.url });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Usage: npm run operator -- reset-password <email>");
    expect((await app.request(ViewerDocument, {}, app.operatorToken)).viewer?.role).toBe("OPERATOR");
    expect((await app.login(OPERATOR_EMAIL, OPERATOR_PASSWORD)).length).toBe(43);
  });
});
