import type { AccountProfile, AccountStatus } from "@postroom/schema";
import { organizationScope } from "../app/viewer";
import type { Viewer } from "../app/viewer";
import { DEFAULT_PAGE_SIZE } from "../../components/paging";

export function isAdministrator(viewer: Viewer): boolean {
  return viewer.role === "OPERATOR" || viewer.role === "ADMIN";
}

export interface AccountsSearch {
  /** Part of a name or of any address, matched by the server. */
  q?: string;
  profile?: AccountProfile;
  status?: AccountStatus;
  /** Page size. */
  size?: number;
  /** The cursor the shown page starts after. */
  after?: string;
  /** Cursors of the pages before, so Previous and a reload both work without "load all". */
  back?: string[];
}

/** The variables of the list's one query, from the URL: the route preloads exactly what the page asks. */
export function accountsVariables(viewer: Viewer, search: AccountsSearch & { org?: string }) {
  return {
    organizationId: organizationScope(viewer, search.org) ?? null,
    search: search.q ?? null,
    profile: search.profile ?? null,
    status: search.status ?? null,
    first: search.size ?? DEFAULT_PAGE_SIZE,
    after: search.after ?? null,
  };
}

/** Entries of an account's audit trail per page (the route preloads the first). */
export const AUDIT_PAGE_SIZE = 10;
