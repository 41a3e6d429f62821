import { useQuery } from "@apollo/client/react";
import { ViewerDocument } from "@postroom/schema";
import { Alert, Button } from "@postroom/ui";
import { Link, Outlet, useNavigate } from "@tanstack/react-router";
import { useEffect } from "react";
import { ROLE_LABELS } from "../../components/labels";
import { useLogoutMutation } from "../../mutations/useLogoutMutation";
import { sessionExpired } from "../../session";
import { AddressSearchField } from "./AddressSearchField";
import { MainNav } from "./MainNav";
import { OrganizationSwitcher } from "./OrganizationSwitcher";

export function AppShell() {
  const { data } = useQuery(ViewerDocument);
  const viewer = data?.viewer ?? null;
  const navigate = useNavigate();
  const { logout, loading, error } = useLogoutMutation();

  // The viewer turned null under a mounted page: the session ended elsewhere.
  useEffect(() => {
    if (data && !viewer) sessionExpired();
  }, [data, viewer]);

  if (!viewer) return null;
  const identity = viewer.account?.displayName ?? viewer.operator?.email ?? "";
  const isStaff = viewer.role === "OPERATOR" || viewer.role === "ADMIN";

  return (
    <div className="app">
      <a className="app-skip" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="app-brand">
          Postroom
        </Link>
        {isStaff && <AddressSearchField />}
        {viewer.role === "OPERATOR" && <OrganizationSwitcher />}
        <div className="app-identity">
          <span className="app-identity__name">{identity}</span>
          <span className="app-identity__role">
            {ROLE_LABELS[viewer.role]}
            {viewer.organization ? ` · ${viewer.organization.name}` : ""}
          </span>
        </div>
        <Button variant="secondary" disabled={loading} onPress={() => void logout(() => navigate({ to: "/sign-in", search: {} }))}>
          {loading ? "Signing out…" : "Sign out"}
        </Button>
      </header>
      {error && <Alert>{error}</Alert>}
      <div className="app-body">
        <MainNav viewer={viewer} />
        <main id="main" className="app-main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
