import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/audit.service";
import { requireMember, requireOperator, requireOrgAdmin, requireSignedIn } from "../auth/authorize";
import { type Principal, organizationOf } from "../auth/principal";
import { type Page, decodeCursor, pageSize, toPage } from "../common/connection";
import { escapeLike, searchFold } from "../common/search";
import { requireLimit, requireName } from "../common/validate";
import type { Database } from "../db/database";
import { NotFoundError } from "../errors";
import { OrganizationEntity } from "./organization.entity";

export interface CreateOrganization {
  name: string;
  aliasSelfService?: boolean | null;
  maxAliasesPerAccount?: number | null;
}

export interface OrganizationPolicyChange {
  aliasSelfService?: boolean | null;
  maxAliasesPerAccount?: number | null;
}

function policyOf(o: OrganizationEntity) {
  return { aliasSelfService: o.aliasSelfService, maxAliasesPerAccount: o.maxAliasesPerAccount };
}

export class OrganizationService {
  constructor(private readonly db: Database) {}

  /** Operators create organizations; policy defaults: self-service on, no alias limit. */
  async create(principal: Principal | null, input: CreateOrganization): Promise<OrganizationEntity> {
    requireOperator(principal);
    const org: OrganizationEntity = {
      id: randomUUID(),
      name: requireName(input.name, "name"),
      searchName: "",
      aliasSelfService: input.aliasSelfService ?? true,
      maxAliasesPerAccount: requireLimit(input.maxAliasesPerAccount, "maxAliasesPerAccount"),
      costBucketSize: null,
      costRestoreRate: null,
      createdAt: new Date(),
    };
    org.searchName = searchFold(org.name);
    await this.db.transaction(async (m) => {
      await m.insert(OrganizationEntity, org);
      await recordAudit(m, principal, {
        organizationId: org.id,
        action: "organization.create",
        targetType: "Organization",
        targetId: org.id,
        after: { name: org.name, ...policyOf(org) },
      });
    });
    return org;
  }

  /** An organization the caller may see; any other is NOT_FOUND. */
  async get(principal: Principal | null, id: string): Promise<OrganizationEntity> {
    requireMember(principal, id);
    const org = await this.db.manager.findOne(OrganizationEntity, { where: { id } });
    if (!org) throw new NotFoundError("Organization not found.");
    return org;
  }

  /** Operators list every organization; an account sees its own. `search` matches any part of the name, in any case. */
  async list(principal: Principal | null, first?: number | null, after?: string | null, search?: string | null): Promise<Page<OrganizationEntity>> {
    const p = requireSignedIn(principal);
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ["text", "id"]);
    const qb = this.db.manager
      .createQueryBuilder(OrganizationEntity, "o")
      .orderBy("o.name", "ASC")
      .addOrderBy("o.id", "ASC")
      .take(limit + 1);
    const count = this.db.manager.createQueryBuilder(OrganizationEntity, "o");
    const own = organizationOf(p);
    if (own !== null) {
      qb.where("o.id = :own", { own });
      count.where("o.id = :own", { own });
    }
    const term = search?.trim() ? searchFold(search.trim()) : null;
    if (term) {
      qb.andWhere("o.search_name LIKE :term ESCAPE '!'", { term: `%${escapeLike(term)}%` });
      count.andWhere("o.search_name LIKE :term ESCAPE '!'", { term: `%${escapeLike(term)}%` });
    }
    if (cursor) qb.andWhere("(o.name > :n OR (o.name = :n AND o.id > :i))", { n: cursor[0], i: cursor[1] });
    const rows = await qb.getMany();
    return toPage(
      rows,
      limit,
      (o) => [o.name, o.id],
      () => count.getCount(),
    );
  }

  /** Admins of the organization change its alias policy; each change is audited with before and after. */
  async updatePolicy(principal: Principal | null, id: string, change: OrganizationPolicyChange): Promise<OrganizationEntity> {
    requireOrgAdmin(principal, id);
    return this.db.transaction(async (m) => {
      const org = await m.findOne(OrganizationEntity, { where: { id } });
      if (!org) throw new NotFoundError("Organization not found.");
      const before = policyOf(org);
      if (change.aliasSelfService !== undefined && change.aliasSelfService !== null) org.aliasSelfService = change.aliasSelfService;
      if (change.maxAliasesPerAccount !== undefined) org.maxAliasesPerAccount = requireLimit(change.maxAliasesPerAccount, "maxAliasesPerAccount");
      if (JSON.stringify(before) === JSON.stringify(policyOf(org))) return org;
      await m.update(OrganizationEntity, { id }, policyOf(org));
      await recordAudit(m, principal, {
        organizationId: id,
        action: "organization.updatePolicy",
        targetType: "Organization",
        targetId: id,
        before,
        after: policyOf(org),
      });
      return org;
    });
  }
}
