import { useQuery } from "@apollo/client/react";
import { SwitcherCurrentOrganizationDocument, SwitcherOrganizationsDocument } from "@postroom/schema";
import { ComboBox } from "@postroom/ui";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { useDebouncedValue } from "../../components/useDebouncedValue";

const ALL = "all";
const ALL_LABEL = "All organizations";
const SHOWN = 20;

/**
 * The switcher's type-ahead, searched on the server: the first organizations
 * by name when nothing is typed, any part of a name otherwise, so it works the
 * same with ten organizations or ten thousand. Loaded when the operator
 * reaches for the switcher (OrganizationSwitcher).
 */
export function OrganizationSearch() {
  const { org } = useSearch({ from: "/_app" });
  const navigate = useNavigate();
  const current = useQuery(SwitcherCurrentOrganizationDocument, { variables: { id: org ?? "" }, skip: !org });
  // The name just picked, until the query for it answers: the box never blanks
  // (a changing value while it has focus would open its list again).
  const [picked, setPicked] = useState<{ id: string; label: string } | null>(null);
  const currentOrganization = org ? (current.data?.organization ?? (picked?.id === org ? { id: org, name: picked.label } : undefined)) : undefined;
  const chosenLabel = org ? (currentOrganization?.name ?? "") : ALL_LABEL;

  const [text, setText] = useState(chosenLabel);
  useEffect(() => setText(chosenLabel), [chosenLabel]);
  const typed = text.trim() === chosenLabel ? "" : text.trim();
  const term = useDebouncedValue(typed, 250);
  const { data, loading } = useQuery(SwitcherOrganizationsDocument, { variables: { first: SHOWN, search: term || null } });

  const found = data?.organizations.edges.map(({ node }) => ({ id: node.id, label: node.name })) ?? [];
  const items = [
    ...(term === "" || ALL_LABEL.toLowerCase().includes(term.toLowerCase()) ? [{ id: ALL, label: ALL_LABEL }] : []),
    // The chosen organization stays an option, so the box always shows it.
    ...(currentOrganization && !found.some((o) => o.id === currentOrganization.id) ? [{ id: currentOrganization.id, label: currentOrganization.name }] : []),
    ...found,
  ];

  return (
    <ComboBox
      autoFocus
      className="app-org"
      label="Organization"
      items={items}
      inputValue={text}
      onInputChange={setText}
      selectedKey={org ?? ALL}
      onSelectionChange={(id) => {
        if (id === null) return;
        const label = items.find((item) => item.id === id)?.label ?? "";
        setPicked({ id, label });
        setText(label);
        void navigate({ to: ".", search: (prev) => ({ ...prev, org: id === ALL ? undefined : id }) });
      }}
      loading={loading || term !== typed}
      emptyText={typed ? "No organization matches" : "No organizations yet"}
      placeholder="Type part of a name"
    />
  );
}
