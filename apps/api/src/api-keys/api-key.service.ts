import { randomUUID } from "node:crypto";
import { In } from "typeorm";
import { canonicalizeAddress } from "../addresses/canonical-address";
import { recordAudit } from "../audit/audit.service";
import { requireOperator, requireOrgAdmin, requireSignedIn, targetOrganizationId } from "../auth/authorize";
import { adminListScope } from "../auth/list-scope";
import type { Principal } from "../auth/principal";
import { effectiveScopes, isKeyScope } from "../auth/scopes";
import { sha256 } from "../auth/tokens";
import { type Page, decodeCursor, pageSize, toPage } from "../common/connection";
import { requireName } from "../common/validate";
import type { Database } from "../db/database";
import { sqlTimestamp, toDate } from "../db/values";
import { DomainEntity } from "../domains/domain.entity";
import { BadUserInputError, DomainNotOwnedError, ForbiddenError, NotFoundError, PostroomError } from "../errors";
import { OrganizationEntity } from "../organizations/organization.entity";
import { ApiKeyEntity } from "./api-key.entity";
import { KeyCache } from "./api-key.cache";
import { hasValidChecksum, newKeySecret } from "./api-key-secret";
import { type IpRanges, parseIpRanges } from "./ip-ranges";

export interface CreateApiKey {
  organizationId?: string | null;
  name: string;
  scopes: string[];
  domains?: string[] | null;
  allowedIps?: string[] | null;
  expiresAt: Date;
}

export interface ApiKeyWithSecret {
  apiKey: ApiKeyEntity;
  /** Shown once; only its hash is stored. */
  secret: string;
}

/** The longest a key may live. */
export const MAX_KEY_LIFETIME_MS = 365 * 24 * 3_600_000;
/** How long the previous secret keeps working after a rotation. */
export const ROTATION_GRACE_MS = 24 * 3_600_000;
/** Last use is written at most this often per key, so the hot path rarely writes. */
export const LAST_USE_INTERVAL_MS = 60_000;
const MAX_LIST = 100;

interface KeyRow {
  id: string;
  organization_id: string | null;
  name: string;
  scopes: string;
  domains: string | null;
  allowed_ips: string | null;
  secret_hash: string;
  previous_expires_at: Date | string | null;
  expires_at: Date | string;
  revoked_at: Date | string | null;
}

const KEY_SQL = `SELECT id, organization_id, name, scopes, domains, allowed_ips, secret_hash, previous_expires_at, expires_at, revoked_at
FROM api_key WHERE secret_hash = ? OR previous_secret_hash = ?`;

const TOUCH_SQL = "UPDATE api_key SET last_used_at = ?, last_used_ip = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";

function describe(key: ApiKeyEntity) {
  return { name: key.name, scopes: JSON.parse(key.scopes), domains: parseList(key.domains), allowedIps: parseList(key.allowedIps), expiresAt: key.expiresAt };
}

export function parseList(json: string | null): string[] | null {
  return json === null ? null : (JSON.parse(json) as string[]);
}

function toTime(value: Date | string | null): number | null {
  return toDate(value)?.getTime() ?? null;
}

/**
 * API keys (DESIGN.md §10): created, listed, rotated and revoked by the
 * organization's admins (operators also make operator-wide keys), never by a
 * key. `authenticate` turns a `prk_` secret into a principal on every request.
 */
export class ApiKeyService {
  private readonly cache: KeyCache;
  /** When this process last wrote each key's last use (services' clock). */
  private readonly lastWrite = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
    cacheTtlMs = 2000,
  ) {
    this.cache = new KeyCache(cacheTtlMs);
  }

  /**
   * Creates a key and returns its secret, once. Rules: the organization's
   * admins or operators (an operator who names no organization makes an
   * operator-wide key); at least one scope, each from KEY_SCOPES; domains, if
   * given, among the organization's own; allowed IPs as addresses or CIDR
   * ranges; expiry required, in the future and at most a year ahead.
   */
  async create(principal: Principal | null, input: CreateApiKey): Promise<ApiKeyWithSecret> {
    const p = this.requirePerson(principal);
    const organizationId = input.organizationId || (p.kind === "operator" ? null : targetOrganizationId(p));
    if (organizationId) requireOrgAdmin(p, organizationId);
    else requireOperator(p);
    const name = requireName(input.name, "name");
    const scopes = requireScopes(input.scopes);
    const domains = requireDomains(input.domains);
    const allowedIps = requireIps(input.allowedIps);
    const now = this.now();
    const expiresAt = input.expiresAt instanceof Date ? input.expiresAt : new Date(Number.NaN);
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= now.getTime())
      throw new BadUserInputError("expiresAt must be in the future.", { field: "expiresAt" });
    if (expiresAt.getTime() > now.getTime() + MAX_KEY_LIFETIME_MS)
      throw new BadUserInputError("expiresAt must be at most one year (365 days) ahead.", { field: "expiresAt" });
    const secret = newKeySecret();
    const key: ApiKeyEntity = {
      id: randomUUID(),
      organizationId,
      name,
      scopes: JSON.stringify(scopes),
      domains: domains && JSON.stringify(domains),
      allowedIps: allowedIps && JSON.stringify(allowedIps),
      secretHash: sha256(secret),
      previousSecretHash: null,
      previousExpiresAt: null,
      createdBy: `${p.kind === "operator" ? "OPERATOR" : "ACCOUNT"}:${p.id}`,
      createdByLabel: p.label,
      createdAt: now,
      expiresAt,
      lastUsedAt: null,
      lastUsedIp: null,
      revokedAt: null,
    };
    await this.db.transaction(async (m) => {
      if (organizationId) {
        if (!(await m.exists(OrganizationEntity, { where: { id: organizationId } }))) throw new NotFoundError("Organization not found.");
        if (domains) {
          const own = await m.find(DomainEntity, { where: { organizationId, name: In(domains) } });
          const missing = domains.filter((d) => !own.some((o) => o.name === d));
          if (missing.length) throw new DomainNotOwnedError(`${missing[0]} is not one of the organization's domains.`, { field: "domains" });
        }
      }
      await m.insert(ApiKeyEntity, key);
      await recordAudit(m, p, { organizationId, action: "apiKey.create", targetType: "ApiKey", targetId: key.id, after: describe(key) });
    });
    return { apiKey: key, secret };
  }

  /** The organization's keys (newest first) for its admins; an operator who names none gets every key. */
  async list(
    principal: Principal | null,
    organizationId: string | null | undefined,
    first?: number | null,
    after?: string | null,
  ): Promise<Page<ApiKeyEntity>> {
    this.requirePerson(principal);
    const scope = adminListScope(principal, organizationId);
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ["timestamp", "id"]);
    const base = () => {
      const qb = this.db.manager.createQueryBuilder(ApiKeyEntity, "k");
      if (scope) qb.andWhere("k.organization_id = :org", { org: scope });
      return qb;
    };
    const qb = base()
      .orderBy("k.created_at", "DESC")
      .addOrderBy("k.id", "DESC")
      .take(limit + 1);
    if (cursor) qb.andWhere("(k.created_at < :t OR (k.created_at = :t AND k.id < :i))", { t: new Date(cursor[0] as string), i: cursor[1] });
    const rows = await qb.getMany();
    return toPage(
      rows,
      limit,
      (k) => [k.createdAt.toISOString(), k.id],
      () => base().getCount(),
    );
  }

  /**
   * A new secret for the key, returned once. The previous secret keeps working
   * for ROTATION_GRACE_MS (never past the key's expiry), so clients can switch
   * without an outage; a second rotation ends the first one's grace at once.
   */
  async rotate(principal: Principal | null, id: string): Promise<ApiKeyWithSecret> {
    const p = this.requirePerson(principal);
    const secret = newKeySecret();
    const key = await this.db.transaction(async (m) => {
      const key = await this.load(m, p, id);
      const now = this.now();
      if (key.revokedAt) throw new BadUserInputError("This key is revoked; create a new one.");
      if (key.expiresAt.getTime() <= now.getTime()) throw new BadUserInputError("This key has expired; create a new one.");
      key.previousSecretHash = key.secretHash;
      key.previousExpiresAt = new Date(Math.min(now.getTime() + ROTATION_GRACE_MS, key.expiresAt.getTime()));
      key.secretHash = sha256(secret);
      await m.update(
        ApiKeyEntity,
        { id },
        { secretHash: key.secretHash, previousSecretHash: key.previousSecretHash, previousExpiresAt: key.previousExpiresAt },
      );
      await recordAudit(m, p, {
        organizationId: key.organizationId,
        action: "apiKey.rotate",
        targetType: "ApiKey",
        targetId: id,
        details: { name: key.name, previousValidUntil: key.previousExpiresAt },
      });
      return key;
    });
    this.cache.forgetKey(id);
    return { apiKey: key, secret };
  }

  /** Ends the key (both its secrets) at once in this process, within the cache's few seconds in others. Revoking twice changes nothing. */
  async revoke(principal: Principal | null, id: string): Promise<ApiKeyEntity> {
    const p = this.requirePerson(principal);
    const key = await this.db.transaction(async (m) => {
      const key = await this.load(m, p, id);
      if (key.revokedAt) return key;
      key.revokedAt = this.now();
      key.previousSecretHash = null;
      key.previousExpiresAt = null;
      await m.update(ApiKeyEntity, { id }, { revokedAt: key.revokedAt, previousSecretHash: null, previousExpiresAt: null });
      await recordAudit(m, p, { organizationId: key.organizationId, action: "apiKey.revoke", targetType: "ApiKey", targetId: id, before: describe(key) });
      return key;
    });
    this.cache.forgetKey(id);
    return key;
  }

  /**
   * The principal behind a `prk_` secret, or null: a bad checksum (refused
   * before any look-up), an unknown, revoked or expired key, a previous secret
   * past its grace, or a client address outside the key's allowed IPs. Every
   * refusal is the same null (UNAUTHENTICATED), so a thief learns nothing.
   * Records the key's last use at most once a minute.
   */
  async authenticate(secret: string, clientAddress: string | null): Promise<Principal | null> {
    if (!hasValidChecksum(secret)) return null;
    const hash = sha256(secret);
    const now = this.now().getTime();
    let entry = this.cache.get(hash);
    if (!entry) {
      const rows = await this.db.sql.all<KeyRow>(KEY_SQL, [hash, hash]);
      const row = rows[0];
      if (!row || row.revoked_at !== null) return null;
      const current = row.secret_hash === hash;
      const expiresAt = toTime(row.expires_at) ?? 0;
      const validUntil = current ? expiresAt : Math.min(expiresAt, toTime(row.previous_expires_at) ?? 0);
      entry = {
        keyId: row.id,
        validUntil,
        allowed: row.allowed_ips === null ? null : parseIpRanges(JSON.parse(row.allowed_ips) as string[]),
        principal: {
          kind: "apiKey",
          id: row.id,
          organizationId: row.organization_id,
          scopes: effectiveScopes(JSON.parse(row.scopes) as string[]),
          domains: parseList(row.domains),
          label: row.name,
          sessionId: null,
        },
      };
      this.cache.set(hash, entry);
    }
    if (entry.validUntil <= now) return null;
    if (entry.allowed && !allows(entry.allowed, clientAddress)) return null;
    await this.touch(entry.keyId, clientAddress, now);
    return entry.principal;
  }

  private async touch(keyId: string, clientAddress: string | null, now: number): Promise<void> {
    const last = this.lastWrite.get(keyId);
    if (last !== undefined && now - last < LAST_USE_INTERVAL_MS) return;
    this.lastWrite.set(keyId, now);
    try {
      const at = (ms: number) => sqlTimestamp(new Date(ms), this.db.dialect);
      await this.db.transaction((m) => m.query(TOUCH_SQL, [at(now), clientAddress?.slice(0, 45) ?? null, keyId, at(now - LAST_USE_INTERVAL_MS)]));
    } catch {
      // Bookkeeping only: a failed last-use write must not refuse a valid request.
      this.lastWrite.delete(keyId);
    }
  }

  private requirePerson(principal: Principal | null): Exclude<Principal, { kind: "apiKey" }> {
    const p = requireSignedIn(principal);
    if (p.kind === "apiKey") throw new ForbiddenError("API keys are managed by people, not by other keys.");
    return p;
  }

  private async load(m: import("typeorm").EntityManager, p: Principal, id: string): Promise<ApiKeyEntity> {
    const key = await m.findOne(ApiKeyEntity, { where: { id } });
    if (!key) throw new NotFoundError("API key not found.");
    if (key.organizationId) requireOrgAdmin(p, key.organizationId, "API key");
    else if (p.kind !== "operator") throw new NotFoundError("API key not found.");
    return key;
  }
}

function allows(ranges: IpRanges, clientAddress: string | null): boolean {
  return clientAddress !== null && ranges.contains(clientAddress);
}

function requireScopes(scopes: string[] | null | undefined): string[] {
  if (!Array.isArray(scopes) || scopes.length === 0) throw new BadUserInputError("Give at least one scope.", { field: "scopes" });
  const unknown = scopes.find((s) => !isKeyScope(s));
  if (unknown !== undefined) throw new BadUserInputError(`Unknown scope ${JSON.stringify(unknown)}.`, { field: "scopes" });
  return [...new Set(scopes)];
}

function requireDomains(domains: string[] | null | undefined): string[] | null {
  if (domains === null || domains === undefined) return null;
  if (domains.length === 0 || domains.length > MAX_LIST)
    throw new BadUserInputError(`Give 1 to ${MAX_LIST} domains, or none for no restriction.`, { field: "domains" });
  return [
    ...new Set(
      domains.map((d) => {
        try {
          return canonicalizeAddress(`postmaster@${d}`).domain;
        } catch (error) {
          if (error instanceof PostroomError) throw new BadUserInputError(`${d} is not a domain name.`, { field: "domains" });
          throw error;
        }
      }),
    ),
  ];
}

function requireIps(ips: string[] | null | undefined): string[] | null {
  if (ips === null || ips === undefined) return null;
  if (ips.length === 0 || ips.length > MAX_LIST)
    throw new BadUserInputError(`Give 1 to ${MAX_LIST} IP addresses or ranges, or none for no restriction.`, { field: "allowedIps" });
  const cleaned = ips.map((ip) => ip.trim());
  parseIpRanges(cleaned);
  return cleaned;
}
