import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Account } from "../accounts/account.type";
import { unicodeOf } from "../addresses/address-rules";
import { HopKind } from "../addresses/hop.type";
import type { Context } from "../context";
import type { GroupEntity, GroupMemberEntity } from "./group.entity";
import {
  CreateGroupInput,
  DistributionGroup,
  DistributionGroupConnection,
  GroupExpansion,
  GroupMember,
  GroupMemberConnection,
  GroupMemberInput,
  GroupMemberKind,
  SenderCheck,
  SmtpExpandability,
  UpdateGroupInput,
} from "./group.type";

@ArgsType()
class GroupsArgs {
  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => String, { nullable: true, description: "Part of the name or the address." })
  search?: string | null;
}

@Resolver(() => DistributionGroup)
export class GroupResolver {
  @Query(() => DistributionGroup)
  async group(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.groups.get(await ctx.principal(), id);
  }

  @Query(() => DistributionGroupConnection)
  async groups(@Args(() => GroupsArgs) args: GroupsArgs, @Ctx() ctx: Context) {
    return DistributionGroupConnection.from(await ctx.services.groups.list(await ctx.principal(), args));
  }

  @Query(() => SenderCheck, { nullable: true, description: "May `sender` mail the group at `groupAddress`? Null when that is not a group." })
  async checkSender(@Arg("groupAddress", () => String) groupAddress: string, @Arg("sender", () => String) sender: string, @Ctx() ctx: Context) {
    const result = await ctx.services.resolution.checkSender(await ctx.principal(), groupAddress, sender);
    return result ? { group: result.group, ...result.verdict } : null;
  }

  @Mutation(() => DistributionGroup)
  async createGroup(@Arg("input", () => CreateGroupInput) input: CreateGroupInput, @Ctx() ctx: Context) {
    return ctx.services.groups.create(await ctx.principal(), input);
  }

  @Mutation(() => DistributionGroup)
  async updateGroup(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateGroupInput) input: UpdateGroupInput, @Ctx() ctx: Context) {
    return ctx.services.groups.update(await ctx.principal(), id, input);
  }

  @Mutation(() => DistributionGroup, { description: "Frees the group's address and removes it from the groups that contained it; returns it as it was." })
  async deleteGroup(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.groups.delete(await ctx.principal(), id);
  }

  @Mutation(() => DistributionGroup, { description: "Adding a member twice is a no-op; a cycle refuses the whole batch (GROUP_CYCLE)." })
  async addGroupMembers(@Arg("groupId", () => ID) groupId: string, @Arg("members", () => [GroupMemberInput]) members: GroupMemberInput[], @Ctx() ctx: Context) {
    return ctx.services.groups.addMembers(await ctx.principal(), groupId, members);
  }

  @Mutation(() => DistributionGroup)
  async removeGroupMembers(@Arg("groupId", () => ID) groupId: string, @Arg("memberIds", () => [ID]) memberIds: string[], @Ctx() ctx: Context) {
    return ctx.services.groups.removeMembers(await ctx.principal(), groupId, memberIds);
  }

  @Mutation(() => DistributionGroup, { description: "Replaces the owners; owners manage the group's members and settings." })
  async setGroupOwners(@Arg("groupId", () => ID) groupId: string, @Arg("accountIds", () => [ID]) accountIds: string[], @Ctx() ctx: Context) {
    return ctx.services.groups.setOwners(await ctx.principal(), groupId, accountIds);
  }

  @FieldResolver(() => String, { description: "The group's address (canonical ASCII)." })
  async address(@Root() group: GroupEntity & { removedAddress?: string | null }, @Ctx() ctx: Context) {
    if (group.removedAddress !== undefined) return group.removedAddress;
    return (await ctx.loaders.groupAddress.load(group.id))?.address ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  async unicodeAddress(@Root() group: GroupEntity & { removedAddress?: string | null }, @Ctx() ctx: Context) {
    const address = group.removedAddress !== undefined ? group.removedAddress : (await ctx.loaders.groupAddress.load(group.id))?.address;
    return address ? unicodeOf(address) : null;
  }

  @FieldResolver(() => [Account], { nullable: true, description: "Owners and admins only." })
  async owners(@Root() group: GroupEntity, @Ctx() ctx: Context) {
    return ctx.loaders.groupOwners.load(group.id);
  }

  @FieldResolver(() => Int, { nullable: true, description: "Owners and admins only." })
  async memberCount(@Root() group: GroupEntity, @Ctx() ctx: Context) {
    return ctx.loaders.groupMemberCount.load(group.id);
  }

  @FieldResolver(() => GroupMemberConnection, { nullable: true, description: "Owners and admins only." })
  async members(
    @Root() group: GroupEntity,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return GroupMemberConnection.from(await ctx.services.groups.members(group.id, first, after));
  }

  @FieldResolver(() => [DistributionGroup], {
    nullable: true,
    description: "The groups that contain this group directly (deleting it removes it from them). Owners and admins only.",
  })
  async memberOf(@Root() group: GroupEntity, @Ctx() ctx: Context) {
    return ctx.services.groups.containing(group.id);
  }

  @FieldResolver(() => [String], {
    nullable: true,
    description: "Final mailboxes: groups expanded, duplicates removed, disabled accounts skipped. Owners and admins only.",
  })
  async recipients(@Root() group: GroupEntity, @Ctx() ctx: Context) {
    return (await ctx.services.expansion.expand(group)).recipients;
  }

  @FieldResolver(() => GroupExpansion, { nullable: true, description: "Owners and admins only." })
  async expansion(@Root() group: GroupEntity, @Ctx() ctx: Context): Promise<GroupExpansion> {
    const e = await ctx.services.expansion.expand(group);
    return { recipients: e.recipients, trace: e.trace.map((h) => ({ ...h, kind: HopKind[h.kind] })), truncated: e.truncated, reason: e.reason };
  }

  @FieldResolver(() => SmtpExpandability, {
    nullable: true,
    description: "Whether Postfix can expand the group through the socketmap. Owners and admins only.",
  })
  async smtpExpandable(@Root() group: GroupEntity, @Ctx() ctx: Context): Promise<SmtpExpandability> {
    return ctx.services.mailMaps.smtpExpandable(group);
  }
}

@Resolver(() => GroupMember)
export class GroupMemberResolver {
  @FieldResolver(() => GroupMemberKind)
  kind(@Root() m: GroupMemberEntity): GroupMemberKind {
    return m.memberAccountId ? GroupMemberKind.ACCOUNT : m.memberGroupId ? GroupMemberKind.GROUP : GroupMemberKind.EXTERNAL;
  }

  @FieldResolver(() => Account, { nullable: true })
  async account(@Root() m: GroupMemberEntity, @Ctx() ctx: Context) {
    return m.memberAccountId ? ctx.loaders.accountById.load(m.memberAccountId) : null;
  }

  @FieldResolver(() => DistributionGroup, { nullable: true })
  async group(@Root() m: GroupMemberEntity, @Ctx() ctx: Context) {
    return m.memberGroupId ? ctx.loaders.groupById.load(m.memberGroupId) : null;
  }

  @FieldResolver(() => String, { nullable: true })
  address(@Root() m: GroupMemberEntity): string | null {
    return m.externalAddress;
  }
}
