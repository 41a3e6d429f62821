import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Account } from "../accounts/account.type";
import type { Context } from "../context";
import { DistributionGroup } from "../groups/group.type";
import type { AddressEntity } from "./address.entity";
import { AddAliasInput, AddSecondaryAddressInput } from "./address.input";
import { unicodeOf } from "./address-rules";
import { Address, AddressAvailability } from "./address.type";
import { AliasPayload } from "./alias-claim.type";
import { Resolution } from "./resolution.type";

@Resolver(() => Address)
export class AddressResolver {
  @Query(() => Resolution, { nullable: true, description: "Where mail for the address goes; null when it routes nowhere." })
  async resolveAddress(
    @Arg("address", () => String) address: string,
    @Arg("sender", () => String, { nullable: true, description: "Also say whether this sender may send here." }) sender: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.resolution.resolve(await ctx.principal(), address, sender);
  }

  @Query(() => AddressAvailability)
  async addressAvailability(
    @Arg("address", () => String) address: string,
    @Arg("organizationId", () => ID, { nullable: true }) organizationId: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.addresses.availability(await ctx.principal(), address, organizationId);
  }

  @Mutation(() => AliasPayload, {
    description: "Admins: on a verified domain of the organization the alias is active at once; any other address gets a confirmation link instead.",
  })
  async addAlias(@Arg("input", () => AddAliasInput) input: AddAliasInput, @Ctx() ctx: Context) {
    return ctx.services.addresses.addAlias(await ctx.principal(), input);
  }

  @Mutation(() => Address, { description: "Exchange secondary address: reserved at once as PENDING_PROVISIONING, ACTIVE once provisioned." })
  async addSecondaryAddress(@Arg("input", () => AddSecondaryAddressInput) input: AddSecondaryAddressInput, @Ctx() ctx: Context) {
    return ctx.services.secondaryAddresses.add(await ctx.principal(), input);
  }

  @Mutation(() => Address, { description: "Frees the address; returns the deleted row with status REMOVED." })
  async removeAddress(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.addresses.remove(await ctx.principal(), id);
  }

  @FieldResolver(() => String, { description: "With the domain in Unicode." })
  unicodeAddress(@Root() address: AddressEntity): string {
    return unicodeOf(address.address);
  }

  @FieldResolver(() => DistributionGroup, { nullable: true })
  async group(@Root() address: AddressEntity, @Ctx() ctx: Context) {
    return address.groupId ? ctx.loaders.groupById.load(address.groupId) : null;
  }

  @FieldResolver(() => Account, { nullable: true })
  async account(@Root() address: AddressEntity, @Ctx() ctx: Context) {
    return address.accountId ? ctx.loaders.accountById.load(address.accountId) : null;
  }
}
