import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { CreateOrganizationInput, UpdateOrganizationPolicyInput } from "./organization.input";
import type { OrganizationEntity } from "./organization.entity";
import { Organization, OrganizationConnection, OrganizationPolicy } from "./organization.type";

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => OrganizationConnection, { description: "Operators see every organization; an account its own." })
  async organizations(
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
    @Arg("search", () => String, { nullable: true, description: "Any part of the name, in any case." }) search?: string | null,
  ) {
    return OrganizationConnection.from(await ctx.services.organizations.list(await ctx.principal(), first, after, search));
  }

  @Query(() => Organization)
  async organization(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.organizations.get(await ctx.principal(), id);
  }

  @Mutation(() => Organization, { description: "Operators only." })
  async createOrganization(@Arg("input", () => CreateOrganizationInput) input: CreateOrganizationInput, @Ctx() ctx: Context) {
    return ctx.services.organizations.create(await ctx.principal(), input);
  }

  @Mutation(() => Organization)
  async updateOrganizationPolicy(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateOrganizationPolicyInput) input: UpdateOrganizationPolicyInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.organizations.updatePolicy(await ctx.principal(), id, input);
  }

  @FieldResolver(() => OrganizationPolicy)
  policy(@Root() org: OrganizationEntity): OrganizationPolicy {
    return { aliasSelfService: org.aliasSelfService, maxAliasesPerAccount: org.maxAliasesPerAccount };
  }
}
