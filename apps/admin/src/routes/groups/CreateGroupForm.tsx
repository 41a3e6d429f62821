import { useQuery } from "@apollo/client/react";
import { AddressAvailabilityDocument, DomainsDocument } from "@postroom/schema";
import type { SenderPolicy } from "@postroom/schema";
import { Alert, Button, Select, Switch, TextField } from "@postroom/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { SENDER_POLICY } from "../../components/labels";
import { useCreateGroupMutation } from "../../mutations/useCreateGroupMutation";

const POLICIES = (Object.keys(SENDER_POLICY) as SenderPolicy[]).map((id) => ({ id, label: SENDER_POLICY[id].label }));
/** Refusals caused by the address, shown at the address field. */
const ADDRESS_CODES = new Set(["INVALID_ADDRESS", "ADDRESS_TAKEN", "DOMAIN_NOT_VERIFIED", "DOMAIN_NOT_OWNED", "FREE_MAIL_DOMAIN"]);

/** The value once typing has paused, so availability is asked once per pause, not per key. */
function useSettled(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * A group's address is a local part on one of the organization's VERIFIED
 * domains (the only ones offered), checked for availability while typing.
 */
export function CreateGroupForm({ organizationId, onDone }: { organizationId: string; onDone: () => void }) {
  const { run, loading, error } = useCreateGroupMutation();
  const navigate = useNavigate();
  const domains = useQuery(DomainsDocument, { variables: { organizationId } });
  const verified = (domains.data?.domains ?? []).filter((d) => d.status === "VERIFIED");
  const [name, setName] = useState("");
  const [local, setLocal] = useState("");
  const [domain, setDomain] = useState<string | null>(null);
  const [policy, setPolicy] = useState<SenderPolicy>("ORGANIZATION");
  const [hidden, setHidden] = useState(false);
  const chosenDomain = domain ?? verified[0]?.name ?? null;
  const address = local.trim() && chosenDomain ? `${local.trim()}@${chosenDomain}` : "";
  const settled = useSettled(address);
  const availability = useQuery(AddressAvailabilityDocument, { variables: { address: settled, organizationId }, skip: !settled });
  const free = settled === address ? availability.data?.addressAvailability : undefined;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = await run({ input: { organizationId, name: name.trim(), address, senderPolicy: policy, hiddenFromDirectory: hidden } });
    if (!data) return;
    onDone();
    void navigate({ to: "/groups/$groupId", params: { groupId: data.createGroup.id } });
  }

  if (domains.data && verified.length === 0) {
    return (
      <Alert title="No verified domain yet">
        A group&apos;s address must be on one of the organization&apos;s verified domains. <Link to="/domains">Add and verify a domain</Link> first.
      </Alert>
    );
  }

  const addressError =
    error && (error.field === "address" || (error.code && ADDRESS_CODES.has(error.code))) ? error.message : free && !free.available ? free.message : null;
  const nameError = error && error.field === "name" ? error.message : null;
  return (
    <form onSubmit={onSubmit} className="console-form">
      <TextField label="Group name" value={name} onChange={setName} isRequired autoFocus error={nameError} />
      <div className="console-inline">
        <TextField
          label="Address (the part before @)"
          value={local}
          onChange={setLocal}
          isRequired
          error={addressError}
          description={free?.available ? `${free.unicodeAddress} is free.` : "Checked while you type."}
        />
        <Select
          label="Domain"
          description="Verified domains only."
          options={verified.map((d) => ({ id: d.name, label: d.unicodeName }))}
          value={chosenDomain}
          onChange={setDomain}
        />
      </div>
      <Select label="Who may send to the group" description={SENDER_POLICY[policy].explanation} options={POLICIES} value={policy} onChange={setPolicy} />
      <Switch isSelected={hidden} onChange={setHidden}>
        Hide from the directory (address lists); mail to the address is still delivered
      </Switch>
      {error && !addressError && !nameError && <Alert>{error.message}</Alert>}
      <div className="console-form__actions">
        <Button variant="secondary" slot="close">
          Cancel
        </Button>
        <Button type="submit" disabled={loading || !address}>
          {loading ? "Creating…" : "Create group"}
        </Button>
      </div>
    </form>
  );
}
