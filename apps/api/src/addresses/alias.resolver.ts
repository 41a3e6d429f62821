import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Account } from "../accounts/account.type";
import type { Context } from "../context";
import { unicodeOf } from "./address-rules";
import type { AliasClaimEntity } from "./alias-claim.entity";
import { AliasClaim, AliasClaimPreview, AliasConfirmation, AliasPayload, RequestAliasInput } from "./alias-claim.type";

@Resolver(() => AliasClaim)
export class AliasResolver {
  @Mutation(() => AliasPayload, {
    description: "A PROFESSIONAL account for itself (policy permitting) or an admin for any account: mails a confirmation link to the address.",
  })
  async requestAlias(@Arg("input", () => RequestAliasInput) input: RequestAliasInput, @Ctx() ctx: Context) {
    return ctx.services.aliasClaims.request(await ctx.principal(), input);
  }

  @Mutation(() => AliasConfirmation, {
    description: "Needs no sign-in: the token from the confirmation link is the proof. Answers the address and its status only.",
  })
  async confirmAlias(@Arg("token", () => String) token: string, @Ctx() ctx: Context): Promise<AliasConfirmation> {
    const alias = await ctx.services.aliasClaims.confirm(await ctx.principal(), token);
    return { address: alias.address, unicodeAddress: unicodeOf(alias.address), status: alias.status };
  }

  @Query(() => AliasClaimPreview, { description: "Needs no sign-in: what the link's token would confirm. Does not use the token up." })
  async aliasClaimPreview(@Arg("token", () => String) token: string, @Ctx() ctx: Context) {
    return ctx.services.aliasClaims.preview(token);
  }

  @Mutation(() => AliasClaim, { description: "Sends a fresh link (the previous one stops working); a few per hour." })
  async resendAliasConfirmation(@Arg("claimId", () => ID) claimId: string, @Ctx() ctx: Context) {
    return ctx.services.aliasClaims.resend(await ctx.principal(), claimId);
  }

  @Mutation(() => AliasClaim, { description: "Withdraws a pending alias request; returns it as it was." })
  async cancelAliasClaim(@Arg("claimId", () => ID) claimId: string, @Ctx() ctx: Context) {
    return ctx.services.aliasClaims.cancel(await ctx.principal(), claimId);
  }

  @FieldResolver(() => String)
  unicodeAddress(@Root() claim: AliasClaimEntity): string {
    return unicodeOf(claim.address);
  }

  @FieldResolver(() => Account)
  async account(@Root() claim: AliasClaimEntity, @Ctx() ctx: Context) {
    return ctx.loaders.accountById.load(claim.accountId);
  }
}
