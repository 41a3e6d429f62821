import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { AddressKind } from "../addresses/address.entity";
import { Address } from "../addresses/address.type";
import { AliasClaim } from "../addresses/alias-claim.type";
import type { Context } from "../context";
import { DistributionGroup } from "../groups/group.type";
import { Organization } from "../organizations/organization.type";
import type { AccountEntity } from "./account.entity";
import { AccountsArgs } from "./account.args";
import { CreateAccountInput, UpdateAccountInput } from "./account.input";
import { OffboardAccountInput, OffboardPayload } from "./offboarding.type";
import { Account, AccountConnection } from "./account.type";

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account)
  async account(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.accounts.get(await ctx.principal(), id);
  }

  @Query(() => AccountConnection)
  async accounts(@Args(() => AccountsArgs) args: AccountsArgs, @Ctx() ctx: Context) {
    return AccountConnection.from(await ctx.services.accounts.list(await ctx.principal(), args));
  }

  @Mutation(() => Account)
  async createAccount(@Arg("input", () => CreateAccountInput) input: CreateAccountInput, @Ctx() ctx: Context) {
    return ctx.services.accounts.create(await ctx.principal(), input);
  }

  @Mutation(() => Account)
  async updateAccount(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateAccountInput) input: UpdateAccountInput, @Ctx() ctx: Context) {
    return ctx.services.accounts.update(await ctx.principal(), id, input);
  }

  @Mutation(() => Account, {
    description: "The previous primary address is kept: as a SECONDARY address on an EXCHANGE domain, as an ALIAS on a WEB_EMAIL domain.",
  })
  async setPrimaryAddress(@Arg("accountId", () => ID) accountId: string, @Arg("address", () => String) address: string, @Ctx() ctx: Context) {
    return ctx.services.accounts.setPrimaryAddress(await ctx.principal(), accountId, address);
  }

  @Mutation(() => Account)
  async disableAccount(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.accounts.disable(await ctx.principal(), id);
  }

  @Mutation(() => Account)
  async enableAccount(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.accounts.enable(await ctx.principal(), id);
  }

  @Mutation(() => OffboardPayload, {
    description:
      "The leaver is disabled; its addresses on the organization's verified domains move to the target and its personal addresses are released, in one transaction.",
  })
  async offboardAccount(@Arg("input", () => OffboardAccountInput) input: OffboardAccountInput, @Ctx() ctx: Context) {
    return ctx.services.offboarding.offboard(await ctx.principal(), input);
  }

  @FieldResolver(() => [Address], {
    nullable: true,
    description: "Addresses this account had before it was offboarded (now a colleague's). The account itself and admins only.",
  })
  async formerAddresses(@Root() account: AccountEntity, @Ctx() ctx: Context) {
    return ctx.loaders.formerAddressesByAccount.load(account.id);
  }

  @FieldResolver(() => [Address], { nullable: true, description: "Every address of the account, primary first. The account itself and admins only." })
  async addresses(@Root() account: AccountEntity, @Ctx() ctx: Context) {
    const all = await ctx.loaders.addressesByAccount.load(account.id);
    return [...all].sort((a, b) => Number(b.kind === AddressKind.PRIMARY) - Number(a.kind === AddressKind.PRIMARY));
  }

  @FieldResolver(() => Address, { nullable: true, description: "Null only for an offboarded account." })
  async primaryAddress(@Root() account: AccountEntity, @Ctx() ctx: Context) {
    return (await ctx.loaders.addressesByAccount.load(account.id)).find((a) => a.kind === AddressKind.PRIMARY) ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The address mail from this account leaves from: always the primary address." })
  async sendAs(@Root() account: AccountEntity, @Ctx() ctx: Context) {
    return (await ctx.loaders.addressesByAccount.load(account.id)).find((a) => a.kind === AddressKind.PRIMARY)?.address ?? null;
  }

  @FieldResolver(() => [Address], { nullable: true, description: "The account itself and admins only." })
  async aliases(@Root() account: AccountEntity, @Ctx() ctx: Context) {
    return (await ctx.loaders.addressesByAccount.load(account.id)).filter((a) => a.kind === AddressKind.ALIAS);
  }

  @FieldResolver(() => [Address], { nullable: true, description: "The account itself and admins only." })
  async secondaryAddresses(@Root() account: AccountEntity, @Ctx() ctx: Context) {
    return (await ctx.loaders.addressesByAccount.load(account.id)).filter((a) => a.kind === AddressKind.SECONDARY);
  }

  @FieldResolver(() => [AliasClaim], {
    nullable: true,
    description: "Alias requests waiting for the address owner's confirmation. The account itself and admins only.",
  })
  async pendingAliasClaims(@Root() account: AccountEntity, @Ctx() ctx: Context) {
    return ctx.loaders.openClaimsByAccount.load(account.id);
  }

  @FieldResolver(() => [DistributionGroup], { nullable: true, description: "Groups the account is a direct member of. The account itself and admins only." })
  async groups(@Root() account: AccountEntity, @Ctx() ctx: Context) {
    return ctx.loaders.groupsOfAccount.load(account.id);
  }

  @FieldResolver(() => Organization)
  async organization(@Root() account: AccountEntity, @Ctx() ctx: Context) {
    return ctx.loaders.organizationById.load(account.organizationId);
  }
}
