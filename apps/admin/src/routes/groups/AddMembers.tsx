import { useQuery } from "@apollo/client/react";
import { MemberCandidatesDocument } from "@postroom/schema";
import type { GroupMemberInput } from "@postroom/schema";
import { Alert, Badge, Button, Card, ComboBox, useToast } from "@postroom/ui";
import type { ComboBoxItem } from "@postroom/ui";
import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { Label, Text, TextArea, TextField } from "react-aria-components";
import type { DescribedError } from "../../errors";
import { useAddGroupMembersMutation } from "../../mutations/useAddGroupMembersMutation";

interface LineResult {
  line: string;
  outcome: "added" | "already" | "refused";
  message: string;
}

/** A refusal in words, with a cycle's path when the server names it. */
function refusal(error: DescribedError): string {
  const path = error.extensions.path;
  if (error.code === "GROUP_CYCLE" && Array.isArray(path)) return `refused: it would make a loop (${path.join(" → ")})`;
  return `refused: ${error.message}`;
}

function useSettled(value: string, ms = 250): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function AddMembers({
  groupId,
  memberCount,
  organizationId,
  isAdmin,
}: {
  groupId: string;
  memberCount: number;
  organizationId: string | undefined;
  isAdmin: boolean;
}) {
  return (
    <Card title="Add members">
      <div className="console-grid">
        <TypeAhead groupId={groupId} memberCount={memberCount} organizationId={organizationId} isAdmin={isAdmin} />
        <PastedList groupId={groupId} memberCount={memberCount} />
      </div>
    </Card>
  );
}

/** Accounts (admins) and groups found by the server as the user types. */
function TypeAhead({
  groupId,
  memberCount,
  organizationId,
  isAdmin,
}: {
  groupId: string;
  memberCount: number;
  organizationId: string | undefined;
  isAdmin: boolean;
}) {
  const [input, setInput] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();
  const term = useSettled(input.trim());
  const { addOne, loading } = useAddGroupMembersMutation(groupId);
  const { data, loading: searching } = useQuery(MemberCandidatesDocument, {
    variables: { organizationId, search: term, withAccounts: isAdmin },
    skip: term.length < 2 || !organizationId,
  });
  const items: ComboBoxItem[] = [
    ...(data?.accounts?.edges ?? []).map(({ node }) => ({
      id: `account:${node.id}`,
      label: node.displayName,
      detail: node.primaryAddress?.unicodeAddress ?? "account",
    })),
    ...(data?.groups.edges ?? [])
      .filter(({ node }) => node.id !== groupId)
      .map(({ node }) => ({ id: `group:${node.id}`, label: node.name, detail: `group · ${node.unicodeAddress ?? ""}` })),
  ];
  const chosen = items.find((item) => item.id === selected) ?? null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!chosen) {
      setError("Choose an account or a group from the list first.");
      return;
    }
    setError(null);
    const [kind, id] = chosen.id.split(":");
    const member: GroupMemberInput = kind === "account" ? { accountId: id } : { groupId: id };
    const result = await addOne(member, memberCount);
    if (!result.ok) {
      setError(refusal(result.error).replace(/^refused: /, ""));
      return;
    }
    toast.announce(result.added ? `${chosen.label} added.` : `${chosen.label} is already a member.`, result.added ? "success" : "info");
    setInput("");
    setSelected(null);
  }

  return (
    <form className="console-form" onSubmit={onSubmit} aria-label="Add an account or a group">
      <ComboBox
        label={isAdmin ? "Account or group" : "Group you own"}
        description={
          isAdmin
            ? "Type at least two letters of a name or an address."
            : "Type at least two letters; you can nest only groups you own. Add accounts by address on the right."
        }
        items={items}
        inputValue={input}
        onInputChange={(value) => {
          setInput(value);
          setError(null);
          if (chosen && value !== chosen.label) setSelected(null);
        }}
        selectedKey={selected}
        onSelectionChange={(key) => {
          setSelected(key);
          const item = items.find((i) => i.id === key);
          if (item) setInput(item.label);
        }}
        loading={searching}
        error={error}
        emptyText={term.length < 2 ? "Type at least two letters" : "No account or group matches"}
      />
      <div className="console-form__actions">
        <Button type="submit" disabled={loading}>
          {loading ? "Adding…" : "Add member"}
        </Button>
      </div>
    </form>
  );
}

const OUTCOME = {
  added: { label: "Added", tone: "success" },
  already: { label: "Already a member", tone: "neutral" },
  refused: { label: "Refused", tone: "danger" },
} as const;

/**
 * One address per line (commas and semicolons also separate). Each line is
 * added on its own, in order, so one refused line leaves the others added.
 */
function PastedList({ groupId, memberCount }: { groupId: string; memberCount: number }) {
  const [text, setText] = useState("");
  const [results, setResults] = useState<LineResult[] | null>(null);
  const [running, setRunning] = useState(false);
  const toast = useToast();
  const { addOne } = useAddGroupMembersMutation(groupId);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const lines = [
      ...new Set(
        text
          .split(/[\n,;]+/)
          .map((l) => l.trim())
          .filter(Boolean),
      ),
    ];
    if (lines.length === 0) return;
    setRunning(true);
    const out: LineResult[] = [];
    let count = memberCount;
    for (const line of lines) {
      const result = await addOne({ address: line }, count);
      count = result.count;
      out.push(
        result.ok
          ? { line, outcome: result.added ? "added" : "already", message: result.added ? "added" : "already a member" }
          : { line, outcome: "refused", message: refusal(result.error) },
      );
      setResults([...out]);
    }
    setRunning(false);
    const added = out.filter((r) => r.outcome === "added").length;
    const refused = out.filter((r) => r.outcome === "refused").length;
    toast.announce(`${added} added, ${out.length - added - refused} already members, ${refused} refused.`, refused ? "info" : "success");
    setText(
      out
        .filter((r) => r.outcome === "refused")
        .map((r) => r.line)
        .join("\n"),
    );
  }

  return (
    <form className="console-form" onSubmit={onSubmit} aria-label="Add addresses from a list">
      <TextField className="pr-field" value={text} onChange={setText}>
        <Label className="pr-field__label">Paste addresses</Label>
        <TextArea className="pr-field__input console-textarea" rows={5} />
        <Text slot="description" className="pr-field__description">
          One per line. Addresses of the organization&apos;s accounts and groups join as those; others as external addresses.
        </Text>
      </TextField>
      <div className="console-form__actions">
        <Button type="submit" disabled={running || !text.trim()}>
          {running ? "Adding…" : "Add these addresses"}
        </Button>
      </div>
      {results && (
        <ul className="console-results" aria-label="Result per address">
          {results.map((r) => (
            <li key={r.line}>
              <Badge tone={OUTCOME[r.outcome].tone}>{OUTCOME[r.outcome].label}</Badge> <span className="console-results__line">{r.line}</span>
              {r.outcome === "refused" && <span className="console-results__why">: {r.message.replace(/^refused: /, "")}</span>}
            </li>
          ))}
        </ul>
      )}
      {results?.some((r) => r.outcome === "refused") && !running && <Alert tone="info">The refused lines were left in the box to fix and send again.</Alert>}
    </form>
  );
}
