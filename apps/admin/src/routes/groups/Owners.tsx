import { useQuery } from "@apollo/client/react";
import { MemberCandidatesDocument } from "@postroom/schema";
import type { GroupPage_GroupFragment } from "@postroom/schema";
import { Alert, Button, Card, ComboBox } from "@postroom/ui";
import { Link } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { useSetGroupOwnersMutation } from "../../mutations/useSetGroupOwnersMutation";

/** The owners; administrators change them (owners manage members and settings, not the owners' list). */
export function Owners({ group, isAdmin, organizationId }: { group: GroupPage_GroupFragment; isAdmin: boolean; organizationId: string | undefined }) {
  const owners = group.owners ?? [];
  const { run, loading, error } = useSetGroupOwnersMutation();
  const ids = owners.map((o) => o.id);
  return (
    <Card title="Owners">
      <p>Owners manage the members and settings; they need not be members themselves.</p>
      {owners.length === 0 ? (
        <p>No owners: only administrators manage this group.</p>
      ) : (
        <ul className="console-claims" aria-label="Owners">
          {owners.map((owner) => (
            <li key={owner.id} className="console-owner">
              <span>
                <Link to="/accounts/$accountId" params={{ accountId: owner.id }}>
                  {owner.displayName}
                </Link>
                {owner.primaryAddress && <> · {owner.primaryAddress.unicodeAddress}</>}
              </span>
              {isAdmin && (
                <Button
                  variant="secondary"
                  aria-label={`Remove ${owner.displayName} as owner`}
                  disabled={loading}
                  onPress={() => void run({ groupId: group.id, accountIds: ids.filter((id) => id !== owner.id) })}
                >
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {error && <Alert>{error.message}</Alert>}
      {isAdmin && (
        <AddOwner onAdd={(id) => run({ groupId: group.id, accountIds: [...new Set([...ids, id])] })} organizationId={organizationId} loading={loading} />
      )}
    </Card>
  );
}

function AddOwner({
  onAdd,
  organizationId,
  loading,
}: {
  onAdd: (accountId: string) => Promise<unknown>;
  organizationId: string | undefined;
  loading: boolean;
}) {
  const [input, setInput] = useState("");
  const [term, setTerm] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setTerm(input.trim()), 250);
    return () => clearTimeout(timer);
  }, [input]);
  const { data, loading: searching } = useQuery(MemberCandidatesDocument, {
    variables: { organizationId, search: term, withAccounts: true },
    skip: term.length < 2 || !organizationId,
  });
  const items = (data?.accounts?.edges ?? []).map(({ node }) => ({
    id: node.id,
    label: node.displayName,
    detail: node.primaryAddress?.unicodeAddress ?? undefined,
  }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!selected) return;
    await onAdd(selected);
    setInput("");
    setSelected(null);
  }

  return (
    <form className="console-inline" onSubmit={onSubmit} aria-label="Add an owner">
      <ComboBox
        label="Add an owner"
        items={items}
        inputValue={input}
        onInputChange={(value) => {
          setInput(value);
          setSelected(null);
        }}
        selectedKey={selected}
        onSelectionChange={(key) => {
          setSelected(key);
          const item = items.find((i) => i.id === key);
          if (item) setInput(item.label);
        }}
        loading={searching}
        emptyText={term.length < 2 ? "Type at least two letters" : "No account matches"}
      />
      <Button type="submit" variant="secondary" disabled={loading || !selected}>
        Add owner
      </Button>
    </form>
  );
}
