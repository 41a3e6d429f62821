import { OrganizationDocument, OrganizationsDocument } from "@postroom/schema";
import { createRoute, redirect } from "@tanstack/react-router";
import { preload } from "../../preload";
import { appRoute } from "../app/route";
import { DEFAULT_PAGE_SIZE, PAGE_SIZES } from "./paging";
import { OrganizationPage } from "./OrganizationPage";
import { OrganizationsPage } from "./OrganizationsPage";


export interface OrganizationsSearch {
  /** Page size. */
  size?: number;
  /** The cursor the shown page starts after. */
  after?: string;
  /** Cursors of the pages before, so Previous and a reload both work without "load all". */
  back?: string[];
}

function validate(search: Record<string, unknown>): OrganizationsSearch {
  const size = Number(search.size);
  const back = Array.isArray(search.back) ? search.back.filter((c): c is string => typeof c === "string") : [];
  return {
    ...((PAGE_SIZES as readonly number[]).includes(size) && size !== DEFAULT_PAGE_SIZE ? { size } : {}),
    ...(typeof search.after === "string" && search.after ? { after: search.after } : {}),
    ...(back.length ? { back } : {}),
  };
}

/** Operators only: everyone else belongs to one organization. */
const operatorOnly = ({ context }: { context: { viewer: { role: string } } }) => {
  if (context.viewer.role !== "OPERATOR") throw redirect({ to: "/" });
};

export const organizationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "organizations",
  validateSearch: validate,
  beforeLoad: operatorOnly,
  loaderDeps: ({ search }) => ({ size: search.size ?? DEFAULT_PAGE_SIZE, after: search.after }),
  loader: ({ context, deps }) =>
    preload(context.apolloClient, OrganizationsDocument, { first: deps.size, after: deps.after ?? null }),
  component: OrganizationsPage,
});

export const organizationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "organizations/$organizationId",
  beforeLoad: operatorOnly,
  loader: ({ context, params }) => preload(context.apolloClient, OrganizationDocument, { id: params.organizationId }),
  component: OrganizationPage,
});
