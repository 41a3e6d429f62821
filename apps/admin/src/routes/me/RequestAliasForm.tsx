import type { MyAccountQuery } from "@postroom/schema";
import { Alert, Button, Card, TextField } from "@postroom/ui";
import { useState } from "react";
import type { FormEvent } from "react";
import { useMyRequestAliasMutation } from "../../mutations/useMyRequestAliasMutation";

type MyAccount = NonNullable<MyAccountQuery["account"]>;
const ADDRESS_CODES = new Set(["INVALID_ADDRESS", "ADDRESS_TAKEN", "FREE_MAIL_DOMAIN", "DOMAIN_NOT_OWNED", "DOMAIN_NOT_VERIFIED"]);

/** Explains the confirmation mail before it is sent; nothing is sent until the button is pressed. */
export function RequestAliasForm({ account }: { account: MyAccount }) {
  const { run, loading, error } = useMyRequestAliasMutation(account.id);
  const [address, setAddress] = useState("");
  const limit = account.organization.policy.maxAliasesPerAccount;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = await run({ input: { accountId: account.id, address: address.trim() } });
    if (data) setAddress("");
  }

  const fieldError = error && (error.field === "address" || (error.code && ADDRESS_CODES.has(error.code))) ? error.message : null;
  return (
    <Card title="Request an alias">
      <p>An alias is another address whose mail lands in your inbox.</p>
      <ol className="console-steps">
        <li>Enter the address and press Send confirmation.</li>
        <li>
          We send a message <strong>to that address</strong> (not to you), with a confirmation link. It proves you can read that address.
        </li>
        <li>Open the link within 24 hours and press Confirm. Until then the alias receives no mail; you can resend or cancel the request below.</li>
      </ol>
      {limit !== null && limit !== undefined && <p>Your organization allows at most {limit} aliases per account.</p>}
      <form className="console-inline" onSubmit={onSubmit}>
        <TextField label="Alias address" type="email" value={address} onChange={setAddress} isRequired error={fieldError} />
        <Button type="submit" disabled={loading || !address.trim()}>
          {loading ? "Sending…" : "Send confirmation"}
        </Button>
      </form>
      {error && !fieldError && <Alert>{error.message}</Alert>}
    </Card>
  );
}
