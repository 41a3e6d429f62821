import { useQuery } from "@apollo/client/react";
import { GroupsListDocument } from "@postroom/schema";
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
              <Link to="/groups" activeOptions={{ includeSearch: false }}>
                Groups
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
            <li>
              <Link to="/jobs" activeOptions={{ includeSearch: false }}>
                Jobs
              </Link>
            </li>
            <li>
              <Link to="/audit" activeOptions={{ includeSearch: false }}>
                Audit log
              </Link>
            </li>
            <li>
              <Link to="/integrations" activeOptions={{ includeSearch: false }}>
                Integrations
              </Link>
            </li>
            {viewer.role === "OPERATOR" && (
              <li>
                <Link to="/outbox" activeOptions={{ includeSearch: false }}>
                  Outbox
                </Link>
              </li>
            )}
          </>
        ) : (
          own && (
            <>
              <li>
                <Link to="/me">My account</Link>
              </li>
              <OwnedGroupsLink />
            </>
          )
        )}
      </ul>
    </nav>
  );
}

/** Accounts that are not admins see Groups only when they own a group (the API lists only those). */
function OwnedGroupsLink() {
  const { data } = useQuery(GroupsListDocument, { variables: { first: 1 } });
  if (!data?.groups.totalCount) return null;
  return (
    <li>
      <Link to="/groups" activeOptions={{ includeSearch: false }}>
        My groups
      </Link>
    </li>
  );
}
