import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { AccountProfile, AccountStatus } from "../accounts/account.entity";
import { canonicalizeAddress } from "../addresses/canonical-address";
import type { Database } from "../db/database";
import { toDate } from "../db/values";
import { AccountDisabledError, BadUserInputError, NotFoundError, UnauthenticatedError } from "../errors";
import { LoginThrottle, type ThrottleLimits, accountBucketHash } from "./login-throttle";
import { OperatorEntity } from "./operator.entity";
import { DUMMY_HASH, generatePassword, hashPassword, verifyPassword } from "./passwords";
import type { Principal } from "./principal";
import { SessionEntity } from "./session.entity";
import { SessionCache } from "./session-cache";
import { looksLikeToken, newToken, sha256 } from "./tokens";

interface SessionRow {
  session_id: string;
  expires_at: Date | string;
  operator_id: string | null;
  operator_email: string | null;
  account_id: string | null;
  organization_id: string | null;
  profile: AccountProfile | null;
  account_status: AccountStatus | null;
  primary_address: string | null;
}

const SESSION_SQL = `SELECT s.id AS session_id, s.expires_at, s.operator_id, o.email AS operator_email,
  s.account_id, a.organization_id, a.profile, a.status AS account_status, p.address AS primary_address
FROM session s
LEFT JOIN operator o ON o.id = s.operator_id
LEFT JOIN account a ON a.id = s.account_id
LEFT JOIN address p ON p.account_id = s.account_id AND p.kind = 'PRIMARY'
WHERE s.token_hash = ?`;

interface LoginRow {
  id: string;
  password_hash: string | null;
  status: AccountStatus;
}

const ACCOUNT_LOGIN_SQL = `SELECT ac.id, ac.password_hash, ac.status
FROM address ad JOIN account ac ON ac.id = ad.account_id
WHERE ad.address = ? AND ad.kind = 'PRIMARY'`;

/** The login name as stored: the canonical address, else the trimmed lower-case ASCII text; null when it can match nothing. */
function loginName(email: string): string | null {
  try {
    return canonicalizeAddress(email).address;
  } catch {
    const name = email.trim().toLowerCase();
    return /^[\x20-\x7e]+$/.test(name) ? name : null;
  }
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  principal: Principal;
}

export const OPERATOR_FALLBACK_EMAIL = "operator@postroom.localhost";

export class AuthService {
  private readonly cache: SessionCache;
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly db: Database,
    private readonly sessionTtlMs: number,
    sessionCacheTtlMs = 2000,
    throttleLimits: Partial<ThrottleLimits> = {},
  ) {
    this.cache = new SessionCache(sessionCacheTtlMs);
    this.throttle = new LoginThrottle(db, throttleLimits);
  }

  /**
   * Creates the operator named by the environment on first start. Without a
   * configured password one is generated and returned, to be printed once.
   */
  async bootstrapOperator(email: string | null, password: string | null): Promise<{ email: string; generatedPassword: string | null } | null> {
    const repo = this.db.manager.getRepository(OperatorEntity);
    const wanted = (email ?? OPERATOR_FALLBACK_EMAIL).trim().toLowerCase();
    if (await repo.findOne({ where: { email: wanted } })) return null;
    if (!email && (await repo.count()) > 0) return null;
    const secret = password ?? generatePassword();
    await repo.insert({ id: randomUUID(), email: wanted, passwordHash: await hashPassword(secret), createdAt: new Date() });
    return { email: wanted, generatedPassword: password ? null : secret };
  }

  /**
   * Signs in an operator (by email) or an account (by its primary address).
   * Failures are throttled per login name and per client address
   * (LoginThrottle); a throttled attempt is refused before any password or
   * account status is looked at, so RATE_LIMITED confirms nothing. Every other
   * failure is the same UNAUTHENTICATED answer, and costs one scrypt, so
   * neither the message nor the timing says which addresses exist.
   */
  async login(email: string, password: string, clientAddress: string | null = null): Promise<LoginResult> {
    const attempt = await this.throttle.begin(loginBucketName(email), clientAddress);
    const session = await this.verify(loginName(email), password);
    await this.throttle.succeeded(attempt);
    return session;
  }

  /** Only ASCII reaches SQL: the login columns are ascii_bin on MySQL, and a Unicode (IDN) form signs in as its canonical punycode address. */
  private async verify(name: string | null, password: string): Promise<LoginResult> {
    const operator = name === null ? null : await this.db.manager.getRepository(OperatorEntity).findOne({ where: { email: name } });
    if (operator) {
      if (!(await verifyPassword(password, operator.passwordHash))) throw wrongCredentials();
      return this.createSession({ operatorId: operator.id, accountId: null });
    }
    let account: LoginRow | undefined;
    try {
      [account] = name === null ? [] : await this.db.sql.all<LoginRow>(ACCOUNT_LOGIN_SQL, [name]);
    } catch {
      account = undefined;
    }
    const ok = await verifyPassword(password, account?.password_hash ?? DUMMY_HASH);
    if (!account || !account.password_hash || !ok) throw wrongCredentials();
    if (account.status !== AccountStatus.ACTIVE) throw new AccountDisabledError("This account is disabled; ask your administrator.");
    return this.createSession({ operatorId: null, accountId: account.id });
  }

  /**
   * The server owner's way back in (`npm run operator -- reset-password`):
   * sets the operator's password (a generated one when none is given, returned
   * to be shown once) and ends every session of that operator.
   */
  async resetOperatorPassword(email: string, password: string | null): Promise<{ email: string; generatedPassword: string | null }> {
    const wanted = email.trim().toLowerCase();
    if (password !== null && (password.length < 8 || password.length > 200)) {
      throw new BadUserInputError("The password must be 8 to 200 characters.", { field: "password" });
    }
    const secret = password ?? generatePassword();
    const passwordHash = await hashPassword(secret);
    await this.db.transaction(async (m) => {
      const operator = await m.findOne(OperatorEntity, { where: { email: wanted } });
      if (!operator) throw new NotFoundError(`No operator signs in as ${wanted}.`);
      await m.update(OperatorEntity, { id: operator.id }, { passwordHash });
      await m.delete(SessionEntity, { operatorId: operator.id });
      await m.query("DELETE FROM login_failure WHERE bucket = ?", [loginBucketHash(wanted)]);
    });
    return { email: wanted, generatedPassword: password === null ? secret : null };
  }

  private async createSession(owner: { operatorId: string | null; accountId: string | null }): Promise<LoginResult> {
    const token = newToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
    await this.db.transaction((m) => m.insert(SessionEntity, { id: randomUUID(), tokenHash: sha256(token), ...owner, createdAt: now, expiresAt }));
    const principal = await this.authenticate(token);
    if (!principal) throw wrongCredentials();
    return { token, expiresAt, principal };
  }

  /** Ends the caller's current session; other sessions stay. */
  async logout(principal: Principal | null): Promise<boolean> {
    if (!principal?.sessionId) return false;
    const sessionId = principal.sessionId;
    await this.db.transaction((m) => m.delete(SessionEntity, { id: sessionId }));
    this.cache.forgetSession(sessionId);
    return true;
  }

  /**
   * Ends every session of an account (offboarding, disabling) in the caller's
   * transaction; call `forgetAccount` once it has committed.
   */
  async revokeAccountSessions(manager: EntityManager, accountId: string): Promise<void> {
    await manager.delete(SessionEntity, { accountId });
    this.cache.forgetAccount(accountId);
  }

  /**
   * After a password change: ends every session of the account but `keepSessionId`
   * (the caller's own, when it changed its own password), in the caller's
   * transaction; call `forgetAccount` once it has committed.
   */
  async revokeOtherSessions(manager: EntityManager, accountId: string, keepSessionId: string | null): Promise<void> {
    const query = manager.createQueryBuilder().delete().from(SessionEntity).where("account_id = :accountId", { accountId });
    if (keepSessionId) query.andWhere("id <> :keep", { keep: keepSessionId });
    await query.execute();
  }

  /** Drops what this process remembers of an account's sessions (after a change to its status or profile commits). */
  forgetAccount(accountId: string): void {
    this.cache.forgetAccount(accountId);
  }

  /** The principal behind a bearer token, or null: unknown, expired, or a disabled account. */
  async authenticate(token: string): Promise<Principal | null> {
    if (!looksLikeToken(token)) return null;
    const hash = sha256(token);
    const cached = this.cache.get(hash);
    if (cached) return cached;
    const [row] = await this.db.sql.all<SessionRow>(SESSION_SQL, [hash]);
    if (!row) return null;
    const expiresAt = toDate(row.expires_at)?.getTime() ?? 0;
    if (expiresAt <= Date.now()) return null;
    const principal = principalOf(row);
    if (principal) this.cache.set(hash, principal, expiresAt);
    return principal;
  }
}

function principalOf(row: SessionRow): Principal | null {
  if (row.operator_id && row.operator_email) {
    return { kind: "operator", id: row.operator_id, email: row.operator_email, label: row.operator_email, sessionId: row.session_id };
  }
  if (row.account_id && row.organization_id && row.profile && row.account_status === AccountStatus.ACTIVE) {
    return {
      kind: "account",
      id: row.account_id,
      organizationId: row.organization_id,
      profile: row.profile,
      label: row.primary_address ?? row.account_id,
      sessionId: row.session_id,
    };
  }
  return null;
}

/** The login name a throttle bucket counts: the canonical address when it is one, so every spelling of it shares the count. */
function loginBucketName(email: string): string {
  try {
    return canonicalizeAddress(email).address;
  } catch {
    return email.trim().toLowerCase();
  }
}

function loginBucketHash(email: string): string {
  return accountBucketHash(loginBucketName(email));
}

function wrongCredentials(): UnauthenticatedError {
  return new UnauthenticatedError("Wrong email or password.");
}
