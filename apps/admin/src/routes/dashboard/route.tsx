import { createRoute } from "@tanstack/react-router";
import { appRoute } from "../app/route";
import { DashboardPage } from "./DashboardPage";

export const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  component: DashboardPage,
});
