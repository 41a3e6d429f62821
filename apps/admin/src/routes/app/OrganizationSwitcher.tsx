import { useQuery } from "@apollo/client/react";
import { SwitcherCurrentOrganizationDocument } from "@postroom/schema";
import { useSearch } from "@tanstack/react-router";
import { Suspense, lazy, useId, useState } from "react";

const loadSearch = () => import("./OrganizationSearch");
const OrganizationSearch = lazy(() => loadSearch().then((module) => ({ default: module.OrganizationSearch })));

/**
 * The operator's organization, kept in the URL (`?org=`) so a link or a
 * reload keeps it. Until the operator reaches for it, it is a plain field
 * naming the organization; pointing at it or focusing it brings in the
 * type-ahead (OrganizationSearch), so the listbox and popover code stays off
 * the first page (docs/decisions.md).
 */
export function OrganizationSwitcher() {
  const { org } = useSearch({ from: "/_app" });
  const current = useQuery(SwitcherCurrentOrganizationDocument, { variables: { id: org ?? "" }, skip: !org });
  const [searching, setSearching] = useState(false);
  const id = useId();
  const name = org ? (current.data?.organization?.name ?? "") : "All organizations";
  const field = (
    <div className="pr-field app-org">
      <label className="pr-field__label" htmlFor={id}>
        Organization
      </label>
      <input
        id={id}
        className="pr-field__input"
        value={name}
        readOnly
        onPointerEnter={() => void loadSearch()}
        onFocus={() => setSearching(true)}
        title="Choose the organization to work in"
      />
    </div>
  );
  if (!searching) return field;
  return (
    <Suspense fallback={field}>
      <OrganizationSearch />
    </Suspense>
  );
}
