import { useLazyQuery } from "@apollo/client/react";
import { GroupSenderCheckDocument } from "@postroom/schema";
import type { GroupPage_GroupFragment } from "@postroom/schema";
import { Alert, Button, Card, TextField } from "@postroom/ui";
import { useState } from "react";
import type { FormEvent } from "react";
import { SENDER_POLICY } from "../../components/labels";
import { describeError } from "../../errors";

/** The sender policy in words, and (for admins, who may ask checkSender) a box to test one sender. */
export function SenderTest({ group, canTest }: { group: GroupPage_GroupFragment; canTest: boolean }) {
  const [sender, setSender] = useState("");
  const [check, { data, loading, error, variables }] = useLazyQuery(GroupSenderCheckDocument, { fetchPolicy: "network-only" });
  const verdict = data?.checkSender;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sender.trim()) void check({ variables: { groupAddress: group.address, sender: sender.trim() } });
  }

  const described = error ? describeError(error) : null;
  return (
    <Card title="Who may send">
      <p>{SENDER_POLICY[group.senderPolicy].explanation}</p>
      {canTest && <p>Enter a sender&apos;s address to see whether its mail would reach the group.</p>}
      {canTest ? (
        <form className="console-inline" onSubmit={onSubmit} aria-label="Test a sender">
          <TextField
            label="Test a sender"
            value={sender}
            onChange={setSender}
            error={described?.field === "sender" || described?.code === "INVALID_ADDRESS" ? described.message : null}
          />
          <Button type="submit" variant="secondary" disabled={loading}>
            {loading ? "Checking…" : "Check sender"}
          </Button>
        </form>
      ) : (
        <p>Administrators can test a given sender against this policy.</p>
      )}
      {described && described.code !== "INVALID_ADDRESS" && described.field !== "sender" && <Alert>{described.message}</Alert>}
      {verdict && (
        <Alert tone={verdict.allowed ? "success" : "info"} title={verdict.allowed ? `${variables?.sender} may send` : `${variables?.sender} may not send`}>
          {verdict.reason}
        </Alert>
      )}
    </Card>
  );
}
