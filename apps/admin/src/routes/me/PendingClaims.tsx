import type { MyAccountQuery, MyClaims_ClaimFragment } from "@postroom/schema";
import { Alert, Button, Card } from "@postroom/ui";
import { formatDate } from "../../components/labels";
import type { DescribedError } from "../../errors";
import { useMyCancelAliasClaimMutation } from "../../mutations/useMyCancelAliasClaimMutation";
import { useMyResendAliasConfirmationMutation } from "../../mutations/useMyResendAliasConfirmationMutation";

type MyAccount = NonNullable<MyAccountQuery["account"]>;

/** Minutes in words, for "try again in …". */
function inWords(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "a minute" : `${minutes} minutes`;
}

function resendRefusal(error: DescribedError): string {
  if (error.code !== "RATE_LIMITED") return error.message;
  const retry = typeof error.extensions.retryAfter === "number" ? ` Try again in ${inWords(error.extensions.retryAfter)}.` : "";
  return `A confirmation can be sent at most 3 times an hour, so mail to that address cannot be flooded.${retry} The link already sent still works until it expires.`;
}

export function PendingClaims({ account }: { account: MyAccount }) {
  const claims = account.pendingAliasClaims ?? [];
  return (
    <Card title="Waiting for confirmation">
      {claims.length === 0 ? (
        <p>No alias request is waiting.</p>
      ) : (
        <ul className="console-claims" aria-label="Alias requests waiting for confirmation">
          {claims.map((claim) => (
            <Claim key={claim.id} claim={claim} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function Claim({ claim }: { claim: MyClaims_ClaimFragment }) {
  const resend = useMyResendAliasConfirmationMutation();
  const cancel = useMyCancelAliasClaimMutation(claim.unicodeAddress);
  return (
    <li className="console-claim">
      <p>
        <strong>{claim.unicodeAddress}</strong>: the link sent to it works until {formatDate(claim.expiresAt)}.
      </p>
      <div className="console-actions">
        <Button
          variant="secondary"
          aria-label={`Resend link to ${claim.unicodeAddress}`}
          disabled={resend.loading}
          onPress={() => void resend.run({ claimId: claim.id })}
        >
          {resend.loading ? "Sending…" : "Resend link"}
        </Button>
        <Button
          variant="secondary"
          aria-label={`Cancel request for ${claim.unicodeAddress}`}
          disabled={cancel.loading}
          onPress={() => void cancel.run({ claimId: claim.id })}
        >
          {cancel.loading ? "Cancelling…" : "Cancel request"}
        </Button>
      </div>
      {resend.error && <Alert title="Not sent again">{resendRefusal(resend.error)}</Alert>}
      {cancel.error && <Alert>{cancel.error.message}</Alert>}
    </li>
  );
}
