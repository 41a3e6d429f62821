import type { AddressPath_ResolutionFragment, HopKind } from "@postroom/schema";
import { Badge, Card } from "@postroom/ui";
import { Link } from "@tanstack/react-router";
import { ADDRESS_KIND_LABELS, ADDRESS_STATUS } from "../../components/labels";

const HOP_LABELS: Record<HopKind, string> = {
  ADDRESS: "address of",
  SUBADDRESS: "sub-address of",
  GROUP_MEMBER: "group member",
  MAILBOX: "delivered to mailbox",
  EXTERNAL: "forwarded outside",
  SKIPPED_DISABLED: "skipped: account disabled",
  LIMIT_REACHED: "stopped: expansion limit",
};

/** A resolution drawn as the path mail takes: the address, each hop, the final mailboxes. */
export function AddressPath({ resolution }: { resolution: AddressPath_ResolutionFragment }) {
  const status = ADDRESS_STATUS[resolution.status];
  return (
    <Card title={resolution.unicodeAddress}>
      <dl className="console-facts">
        <dt>Kind</dt>
        <dd>{ADDRESS_KIND_LABELS[resolution.kind]}</dd>
        <dt>Status</dt>
        <dd>
          <Badge tone={status.tone}>{status.label}</Badge>
        </dd>
        <dt>Owner</dt>
        <dd>
          {resolution.account && (
            <Link to="/accounts/$accountId" params={{ accountId: resolution.account.id }}>
              {resolution.account.displayName}
            </Link>
          )}
          {resolution.group && (
            <>
              Group{" "}
              <Link to="/groups/$groupId" params={{ groupId: resolution.group.id }}>
                {resolution.group.name}
              </Link>
            </>
          )}
          {resolution.account?.status === "DISABLED" && <Badge tone="danger">Disabled</Badge>}
        </dd>
        {resolution.unicodeAddress !== resolution.address && (
          <>
            <dt>ASCII form</dt>
            <dd>{resolution.address}</dd>
          </>
        )}
      </dl>

      <h3 className="console-subtitle">Delivery path</h3>
      {resolution.trace.length === 0 ? (
        <p>Delivered directly.</p>
      ) : (
        <ol className="console-path" aria-label="Delivery path">
          {resolution.trace.map((hop, index) => (
            <li key={index} className="console-path__hop">
              <span className="console-path__from">{hop.from}</span>
              <span className="console-path__kind">
                <span aria-hidden="true">→ </span>
                {HOP_LABELS[hop.kind]}
              </span>
              <span className="console-path__to">
                {hop.to.includes("@") ? (
                  <Link to="/search" search={{ address: hop.to }}>
                    {hop.to}
                  </Link>
                ) : (
                  hop.to
                )}
              </span>
              {hop.detail && <span className="console-path__detail">{hop.detail}</span>}
            </li>
          ))}
        </ol>
      )}

      <h3 className="console-subtitle">Delivers to</h3>
      {resolution.deliverTo.length === 0 ? (
        <p>No mailbox receives this mail (every recipient is disabled or the group is empty).</p>
      ) : (
        <ul className="console-delivers" aria-label="Delivers to">
          {resolution.deliverTo.map((mailbox) => (
            <li key={mailbox}>{mailbox}</li>
          ))}
        </ul>
      )}
      {resolution.truncated && <p>Expansion stopped at a limit (10 levels or 10,000 recipients): the list is incomplete.</p>}
    </Card>
  );
}
