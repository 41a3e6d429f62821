import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import type { DomainEntity } from "./domain.entity";
import { ChangeDomainInput, DomainChangePayload } from "./domain-change.type";
import { AddDomainInput, UpdateDomainInput } from "./domain.input";
import { verificationRecordOf } from "./domain.service";
import { Domain, VerificationRecord } from "./domain.type";

@Resolver(() => Domain)
export class DomainResolver {
  @Query(() => [Domain])
  async domains(@Arg("organizationId", () => ID, { nullable: true }) organizationId: string | null, @Ctx() ctx: Context) {
    return ctx.services.domains.list(await ctx.principal(), organizationId);
  }

  @Mutation(() => Domain, { description: "PENDING_VERIFICATION until verifyDomain finds its TXT record." })
  async addDomain(@Arg("input", () => AddDomainInput) input: AddDomainInput, @Ctx() ctx: Context) {
    return ctx.services.domains.add(await ctx.principal(), input);
  }

  @Mutation(() => Domain)
  async updateDomain(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateDomainInput) input: UpdateDomainInput, @Ctx() ctx: Context) {
    return ctx.services.domains.update(await ctx.principal(), id, input);
  }

  @Mutation(() => Domain, {
    description: "VERIFIED once its TXT record is found; releases other organizations' addresses on the domain (see releasedAddresses).",
  })
  async verifyDomain(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.domains.verify(await ctx.principal(), id);
  }

  @Mutation(() => Domain, { description: "Returns the removed domain." })
  async removeDomain(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.domains.remove(await ctx.principal(), id);
  }

  @Mutation(() => DomainChangePayload, {
    description:
      "Moves every primary address from one verified domain to another; the old addresses stay as SECONDARY (EXCHANGE domain) or ALIAS (WEB_EMAIL domain). All or nothing: every new address that is taken or invalid is listed in extensions.conflicts.",
  })
  async changeDomain(@Arg("input", () => ChangeDomainInput) input: ChangeDomainInput, @Ctx() ctx: Context) {
    return ctx.services.domainChange.change(await ctx.principal(), input);
  }

  @FieldResolver(() => Int, {
    description:
      "Addresses of the domain's organization on it, of every kind and status (one grouped count per request, from the (organization, domain) index).",
  })
  addressCount(@Root() domain: DomainEntity, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.addressCountByDomain.load(`${domain.organizationId} ${domain.name}`);
  }

  @FieldResolver(() => VerificationRecord, { nullable: true, description: "The TXT record to publish. Admins only." })
  verificationRecord(@Root() domain: DomainEntity): VerificationRecord {
    return verificationRecordOf(domain);
  }
}
