import type { AccountPage_AccountFragment, AliasClaims_ClaimFragment } from "@postroom/schema";
import { Alert, Button, Card, Cell, Column, Row, Table, TableBody, TableHeader } from "@postroom/ui";
import { formatDate } from "../../components/labels";
import { useCancelAliasClaimMutation } from "../../mutations/useCancelAliasClaimMutation";
import { useResendAliasConfirmationMutation } from "../../mutations/useResendAliasConfirmationMutation";

/** Alias requests waiting for the address owner: each link expires, can be sent again (a few times an hour) or withdrawn. */
export function AliasClaimsCard({ account }: { account: AccountPage_AccountFragment }) {
  const claims = account.pendingAliasClaims ?? [];
  return (
    <Card title="Pending alias requests">
      <p className="console-hint">
        Each address below got a confirmation link; the alias works once it is opened. A link can be sent again a few times per hour.
      </p>
      <Table aria-label="Pending alias requests">
        <TableHeader>
          <Column id="address" isRowHeader>
            Address
          </Column>
          <Column id="requestedBy">Requested by</Column>
          <Column id="expires">Link expires</Column>
          <Column id="actions">Actions</Column>
        </TableHeader>
        <TableBody items={claims}>
          {(claim) => (
            <Row id={claim.id}>
              <Cell>{claim.unicodeAddress}</Cell>
              <Cell>{claim.requestedBy}</Cell>
              <Cell className="console-nowrap">{formatDate(claim.expiresAt)}</Cell>
              <Cell>
                <ClaimActions accountId={account.id} claim={claim} />
              </Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </Card>
  );
}

function ClaimActions({ accountId, claim }: { accountId: string; claim: AliasClaims_ClaimFragment }) {
  const resend = useResendAliasConfirmationMutation();
  const cancel = useCancelAliasClaimMutation(accountId);
  const error = resend.error ?? cancel.error;
  return (
    <div className="console-row-actions">
      <Button
        variant="secondary"
        aria-label={`Resend the link to ${claim.unicodeAddress}`}
        disabled={resend.loading}
        onPress={() => void resend.run({ claimId: claim.id })}
      >
        {resend.loading ? "Sending…" : "Resend"}
      </Button>
      <Button
        variant="quiet"
        aria-label={`Cancel request for ${claim.unicodeAddress}`}
        disabled={cancel.loading}
        onPress={() => void cancel.run({ claimId: claim.id })}
      >
        Cancel request
      </Button>
      {error && (
        <Alert>
          {error.code === "RATE_LIMITED"
            ? `${error.message} Links can be sent again a few times per hour, to keep the address owner's inbox clear.`
            : error.message}
        </Alert>
      )}
    </div>
  );
}
