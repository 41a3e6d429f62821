import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { AccountProfile } from "../accounts/account.entity";
import { type Context, SESSION_COOKIE } from "../context";
import type { Principal } from "./principal";
import { AuthPayload, Viewer, ViewerRole } from "./viewer.type";

async function viewerOf(principal: Principal, ctx: Context): Promise<Viewer> {
  if (principal.kind === "operator") {
    return { role: ViewerRole.OPERATOR, operator: { id: principal.id, email: principal.email }, account: null, organization: null };
  }
  if (principal.kind === "apiKey") {
    const organization = principal.organizationId ? await ctx.loaders.organizationById.load(principal.organizationId) : null;
    return { role: ViewerRole.API_KEY, operator: null, account: null, organization };
  }
  const [account, organization] = await Promise.all([ctx.loaders.accountById.load(principal.id), ctx.loaders.organizationById.load(principal.organizationId)]);
  const role = { [AccountProfile.ADMIN]: ViewerRole.ADMIN, [AccountProfile.PROFESSIONAL]: ViewerRole.PROFESSIONAL, [AccountProfile.GUEST]: ViewerRole.GUEST }[
    principal.profile
  ];
  return { role, operator: null, account, organization };
}

@Resolver()
export class AuthResolver {
  @Query(() => Viewer, { nullable: true, description: "The signed-in caller, or null." })
  async viewer(@Ctx() ctx: Context): Promise<Viewer | null> {
    const principal = await ctx.principal();
    return principal ? viewerOf(principal, ctx) : null;
  }

  @Mutation(() => AuthPayload, { description: "Operators sign in with their email, accounts with their primary address." })
  async login(@Arg("email", () => String) email: string, @Arg("password", () => String) password: string, @Ctx() ctx: Context): Promise<AuthPayload> {
    const session = await ctx.services.auth.login(email, password, ctx.clientAddress);
    ctx.actAs(session.principal);
    ctx.res?.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: "lax",
      secure: ctx.secureCookies,
      path: "/",
      expires: session.expiresAt,
    });
    return { token: session.token, expiresAt: session.expiresAt, viewer: await viewerOf(session.principal, ctx) };
  }

  @Mutation(() => Boolean, { description: "Ends the current session." })
  async logout(@Ctx() ctx: Context): Promise<boolean> {
    const ended = await ctx.services.auth.logout(await ctx.principal());
    ctx.res?.clearCookie(SESSION_COOKIE, { path: "/" });
    return ended;
  }
}
