import { useLazyQuery } from "@apollo/client/react";
import { GroupRecipientsDocument } from "@postroom/schema";
import type { HopKind } from "@postroom/schema";
import { Alert, Button, Card } from "@postroom/ui";
import { QueryError } from "../../components/QueryError";

const HOP_LABELS: Record<HopKind, string> = {
  ADDRESS: "address of",
  SUBADDRESS: "sub-address of",
  GROUP_MEMBER: "contains group",
  MAILBOX: "delivers to mailbox",
  EXTERNAL: "forwards outside to",
  SKIPPED_DISABLED: "skips (account disabled)",
  LIMIT_REACHED: "stopped: expansion limit",
};

/** The final mailbox list (nested groups expanded, duplicates removed, disabled accounts skipped) and how each is reached. */
export function RecipientsPreview({ groupId }: { groupId: string }) {
  const [load, { data, loading, error, refetch, called }] = useLazyQuery(GroupRecipientsDocument, { fetchPolicy: "network-only" });
  const expansion = data?.group.expansion;
  return (
    <Card
      title="Recipients preview"
      toolbar={
        <Button variant="secondary" disabled={loading} onPress={() => void (called ? refetch() : load({ variables: { id: groupId } }))}>
          {loading ? "Expanding…" : called ? "Preview again" : "Preview recipients"}
        </Button>
      }
    >
      {!called && <p>Who receives mail sent to this group now, with every nested group expanded.</p>}
      {error && <QueryError what="The recipients" error={error} onRetry={() => void refetch()} />}
      {expansion && (
        <>
          {expansion.truncated && (
            <Alert title="The list is incomplete">
              {expansion.reason ?? "Expansion stopped at its limit."} The limit is 10 levels of nesting or 10,000 recipients; mail to the group reaches only the
              recipients listed.
            </Alert>
          )}
          <h3 className="console-subtitle">{expansion.recipients.length === 1 ? "1 mailbox" : `${expansion.recipients.length} mailboxes`}</h3>
          {expansion.recipients.length === 0 ? (
            <p>Mail to this group reaches no one yet.</p>
          ) : (
            <ul className="console-links" aria-label="Final recipients">
              {expansion.recipients.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
          <h3 className="console-subtitle">How each is reached</h3>
          <ol className="console-path" aria-label="Expansion trace">
            {expansion.trace.map((hop, index) => (
              <li key={index} className="console-path__hop">
                <span className="console-path__from">{hop.from}</span>
                <span className="console-path__kind">
                  <span aria-hidden="true">→ </span>
                  {HOP_LABELS[hop.kind]}
                </span>
                <span className="console-path__to">{hop.to}</span>
                {hop.detail && <span className="console-path__detail">{hop.detail}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </Card>
  );
}
