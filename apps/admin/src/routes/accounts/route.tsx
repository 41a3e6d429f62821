import { createRoute } from "@tanstack/react-router";
import { appRoute } from "../app/route";
import { AccountPlaceholderPage, AccountsPlaceholderPage } from "./AccountsPlaceholder";

// Placeholders: the accounts list and the account page are the next part of
// issue 12; they exist now so navigation and search results can link here.
export const accountsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "accounts",
  component: AccountsPlaceholderPage,
});

export const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "accounts/$accountId",
  component: AccountPlaceholderPage,
});
