import { Link } from "@tanstack/react-router";
import type { Viewer } from "./viewer";

/** What each role may open: operators everything, admins their organization, others their own account. */
export function MainNav({ viewer }: { viewer: Viewer }) {
  const own = viewer.account;
  return (
    <nav className="app-nav" aria-label="Main">
      <ul>
        {viewer.role === "OPERATOR" || viewer.role === "ADMIN" ? (
          <>
            <li>
              <Link to="/" activeOptions={{ exact: true, includeSearch: false }}>
                Dashboard
              </Link>
            </li>
            {viewer.role === "OPERATOR" && (
              <li>
                <Link to="/organizations" activeOptions={{ includeSearch: false }}>
                  Organizations
                </Link>
              </li>
            )}
            <li>
              <Link to="/domains" activeOptions={{ includeSearch: false }}>
                Domains
              </Link>
            </li>
            <li>
              <Link to="/accounts" activeOptions={{ includeSearch: false }}>
                Accounts
              </Link>
            </li>
            <li>
              <Link to="/offboarding" activeOptions={{ includeSearch: false }}>
                Offboarding
              </Link>
            </li>
            <li>
              <Link to="/domain-change" activeOptions={{ includeSearch: false }}>
                Domain change
              </Link>
            </li>
            <li>
              <Link to="/search" activeOptions={{ includeSearch: false }}>
                Address search
              </Link>
            </li>
          </>
        ) : (
          own && (
            <li>
              <Link to="/accounts/$accountId" params={{ accountId: own.id }}>
                My account
              </Link>
            </li>
          )
        )}
      </ul>
    </nav>
  );
}
