import { useQuery } from "@apollo/client/react";
import { SwitcherOrganizationsDocument } from "@postroom/schema";
import { Select } from "@postroom/ui";
import { useNavigate, useSearch } from "@tanstack/react-router";

const ALL = "";

/**
 * The operator's organization, kept in the URL (`?org=`) so a link or a
 * reload keeps it. Lists the first 100 organizations by name; past that an
 * operator opens an organization from the Organizations page.
 */
export function OrganizationSwitcher() {
  const { org } = useSearch({ from: "/_app" });
  const navigate = useNavigate();
  const { data } = useQuery(SwitcherOrganizationsDocument, { variables: { first: 100 } });
  const options = [
    { id: ALL, label: "All organizations" },
    ...(data?.organizations.edges.map(({ node }) => ({ id: node.id, label: node.name })) ?? []),
  ];
  // An id not in the first page still shows as chosen rather than blank.
  if (org && !options.some((o) => o.id === org)) options.push({ id: org, label: "Chosen organization" });
  return (
    <Select
      className="app-org"
      label="Organization"
      options={options}
      value={org ?? ALL}
      onChange={(id) => void navigate({ to: ".", search: (prev) => ({ ...prev, org: id === ALL ? undefined : id }) })}
    />
  );
}
