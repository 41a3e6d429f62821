import type { ViewerPage_ViewerFragment, ViewerRole } from "@postroom/schema";
import { Alert, Button, Card } from "@postroom/ui";
import { useLogoutMutation } from "../mutations/useLogoutMutation";

const ROLE_LABELS: Record<ViewerRole, string> = {
  OPERATOR: "Operator",
  ADMIN: "Administrator",
  PROFESSIONAL: "Professional",
  GUEST: "Guest",
  API_KEY: "API key",
};

export interface ViewerPageProps {
  viewer: ViewerPage_ViewerFragment;
}

export function ViewerPage({ viewer }: ViewerPageProps) {
  const { logout, loading, error } = useLogoutMutation();
  const { operator, account, organization } = viewer;
  const address = account?.primaryAddress;

  return (
    <Card
      title="Signed in"
      actions={
        <Button variant="secondary" onClick={() => void logout()} disabled={loading}>
          {loading ? "Signing out…" : "Sign out"}
        </Button>
      }
    >
      {error && <Alert>{error}</Alert>}
      <dl className="console-facts">
        <dt>Role</dt>
        <dd>{ROLE_LABELS[viewer.role]}</dd>
        {operator && (
          <>
            <dt>Operator</dt>
            <dd>{operator.email}</dd>
          </>
        )}
        {account && (
          <>
            <dt>Account</dt>
            <dd>{account.displayName}</dd>
          </>
        )}
        {address && (
          <>
            <dt>Primary address</dt>
            {/* The Unicode form is what people read; the ASCII form is what mail servers see. */}
            <dd title={address.address}>{address.unicodeAddress}</dd>
          </>
        )}
        {organization && (
          <>
            <dt>Organization</dt>
            <dd>{organization.name}</dd>
          </>
        )}
      </dl>
    </Card>
  );
}
