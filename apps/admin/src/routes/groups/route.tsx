import { createRoute } from "@tanstack/react-router";
import { appRoute } from "../app/route";
import { GroupPlaceholderPage } from "./GroupPlaceholder";

// A placeholder so address search results can link to a group; the groups
// pages are a later part of the console.
export const groupRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "groups/$groupId",
  component: GroupPlaceholderPage,
});
