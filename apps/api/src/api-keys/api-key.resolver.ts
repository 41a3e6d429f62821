import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import type { ApiKeyEntity } from "./api-key.entity";
import { CreateApiKeyInput } from "./api-key.input";
import { parseList } from "./api-key.service";
import { ApiKey, ApiKeyConnection, ApiKeySecretPayload } from "./api-key.type";

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => ApiKeyConnection, { description: "The organization's API keys, newest first (admins; an operator who names no organization sees every key)." })
  async apiKeys(
    @Arg("organizationId", () => ID, { nullable: true }) organizationId: string | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return ApiKeyConnection.from(await ctx.services.apiKeys.list(await ctx.principal(), organizationId, first, after));
  }

  @Mutation(() => ApiKeySecretPayload, { description: "Returns the secret once." })
  async createApiKey(@Arg("input", () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: Context) {
    return ctx.services.apiKeys.create(await ctx.principal(), input);
  }

  @Mutation(() => ApiKeySecretPayload, { description: "A new secret, returned once; the previous one keeps working for 24 hours." })
  async rotateApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.apiKeys.rotate(await ctx.principal(), id);
  }

  @Mutation(() => ApiKey, { description: "Ends the key and every secret of it at once." })
  async revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.apiKeys.revoke(await ctx.principal(), id);
  }

  @FieldResolver(() => [String], { description: "Granted scopes, e.g. accounts:write (which implies accounts:read)." })
  scopes(@Root() key: ApiKeyEntity): string[] {
    return JSON.parse(key.scopes) as string[];
  }

  @FieldResolver(() => [String], { nullable: true, description: "Writes are limited to addresses on these domains; null: no restriction." })
  domains(@Root() key: ApiKeyEntity): string[] | null {
    return parseList(key.domains);
  }

  @FieldResolver(() => [String], { nullable: true, description: "IP addresses and CIDR ranges the key works from; null: anywhere." })
  allowedIps(@Root() key: ApiKeyEntity): string[] | null {
    return parseList(key.allowedIps);
  }

  @FieldResolver(() => Date, { nullable: true, description: "After a rotation: until when the previous secret still works." })
  previousSecretExpiresAt(@Root() key: ApiKeyEntity): Date | null {
    return key.previousSecretHash ? key.previousExpiresAt : null;
  }

  @FieldResolver(() => String, { description: "Who created it (an account's primary address or an operator's email)." })
  createdBy(@Root() key: ApiKeyEntity): string {
    return key.createdByLabel;
  }
}
