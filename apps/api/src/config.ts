import path from "node:path";

/** Everything the process reads from its environment, validated once. */
export interface Config {
  port: number;
  /** Postfix socketmap service (SOCKETMAP_PORT, default 4001; 0 turns it off). */
  socketmapPort: number;
  /** Loopback by default: the protocol has no authentication (SOCKETMAP_HOST). */
  socketmapHost: string;
  databaseUrl: string;
  smtpUrl: string | null;
  mailFrom: string;
  publicUrl: string;
  dnsServers: string[];
  provisioningDelayMs: number;
  aliasConfirmationTtlMs: number;
  sessionTtlMs: number;
  sessionCacheTtlMs: number;
  operatorEmail: string | null;
  operatorPassword: string | null;
  production: boolean;
  adminDist: string;
  /** Each principal's leaky bucket (COST_BUCKET_SIZE, default 10,000 points; COST_RESTORE_RATE, default 500 points/s); null when COST_BUDGET=off. */
  costBudget: { bucketSize: number; restoreRate: number } | null;
  /** Webhook hosts exempt from the public-address rule (WEBHOOK_ALLOWED_HOSTS, comma-separated names or addresses). */
  webhookAllowedHosts: string[];
}

export class ConfigError extends Error {}

const DURATION = /^(\d+)(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "500ms", "2s", "36h", "7d" (bare numbers are seconds). */
export function parseDuration(value: string, name: string): number {
  const match = DURATION.exec(value.trim());
  if (!match) throw new ConfigError(`${name} must be a duration like 30s, 15m, 36h or 7d (got "${value}")`);
  return Number(match[1]) * UNIT_MS[match[2] ?? "s"];
}

function parseSwitch(value: string, name: string): boolean {
  const normalized = value.trim().toLowerCase();
  if (["on", "true", "1"].includes(normalized)) return true;
  if (["off", "false", "0"].includes(normalized)) return false;
  throw new ConfigError(`${name} must be on or off (got "${value}")`);
}

function parsePort(value: string | undefined, name = "PORT", fallback = 4000): number {
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${name} must be a port number (got "${value}")`);
  return port;
}

/**
 * A relative SQLite path is relative to where the command was typed (npm's
 * INIT_CWD), not to the workspace npm switches into, so `npm start` at the
 * repository root keeps its data in ./data/ there.
 */
function parseDatabaseUrl(value: string | undefined, baseDir: string): string {
  const url = value && value.trim() !== "" ? value.trim() : "sqlite:./data/postroom.sqlite";
  if (url.startsWith("sqlite:")) {
    const file = url.replace(/^sqlite:(\/\/)?/, "");
    if (file !== "" && file !== ":memory:") return `sqlite:${path.resolve(baseDir, file)}`;
  }
  if (!/^(sqlite:|mysql:\/\/|mariadb:\/\/)/.test(url)) {
    throw new ConfigError(`DATABASE_URL must start with sqlite: or mysql:// (got "${url.replace(/:[^:@/]*@/, ":***@")}")`);
  }
  return url;
}

function parsePositive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000_000) throw new ConfigError(`${name} must be a whole number from 1 to 1000000000 (got "${value}")`);
  return n;
}

function parseDnsServers(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === "production";
  const port = parsePort(env.PORT);
  return {
    port,
    socketmapPort: parsePort(env.SOCKETMAP_PORT, "SOCKETMAP_PORT", 4001),
    socketmapHost: env.SOCKETMAP_HOST?.trim() || "127.0.0.1",
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL, env.INIT_CWD || process.cwd()),
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM || "Postroom <postroom@localhost>",
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ""),
    dnsServers: parseDnsServers(env.DNS_SERVERS),
    provisioningDelayMs: parseDuration(env.PROVISIONING_DELAY ?? "0s", "PROVISIONING_DELAY"),
    aliasConfirmationTtlMs: parseDuration(env.ALIAS_CONFIRMATION_TTL ?? "24h", "ALIAS_CONFIRMATION_TTL"),
    sessionTtlMs: parseDuration(env.SESSION_TTL ?? "7d", "SESSION_TTL"),
    sessionCacheTtlMs: parseDuration(env.SESSION_CACHE_TTL ?? "2s", "SESSION_CACHE_TTL"),
    operatorEmail: env.POSTROOM_OPERATOR_EMAIL || null,
    operatorPassword: env.POSTROOM_OPERATOR_PASSWORD || null,
    production,
    adminDist: env.POSTROOM_ADMIN_DIST || path.resolve(__dirname, "../../admin/dist"),
    costBudget: parseSwitch(env.COST_BUDGET ?? "on", "COST_BUDGET")
      ? {
          bucketSize: parsePositive(env.COST_BUCKET_SIZE, "COST_BUCKET_SIZE", 10_000),
          restoreRate: parsePositive(env.COST_RESTORE_RATE, "COST_RESTORE_RATE", 500),
        }
      : null,
    webhookAllowedHosts: parseDnsServers(env.WEBHOOK_ALLOWED_HOSTS).map((h) => h.toLowerCase().replace(/^\[|\]$/g, "")),
  };
}
