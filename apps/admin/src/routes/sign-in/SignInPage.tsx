import { Alert, Button, Card, TextField } from "@postroom/ui";
import { getRouteApi, useRouter } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { useLoginMutation } from "../../mutations/useLoginMutation";
import { safeNext } from "../../session";

const route = getRouteApi("/sign-in");

export function SignInPage() {
  const { next } = route.useSearch();
  const router = useRouter();
  const { login, loading, error } = useLoginMutation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const alertRef = useRef<HTMLDivElement>(null);

  // After a failed attempt focus moves to the message, so a keyboard or
  // screen-reader user hears why and starts from there.
  useEffect(() => {
    if (error) alertRef.current?.focus();
  }, [error]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const signedIn = await login(email.trim(), password);
    // Keep the email for a retry, never the rejected password.
    if (!signedIn) setPassword("");
    else router.history.push(safeNext(next));
  }

  return (
    <main className="console-standalone">
      <p className="console-brand">Postroom</p>
      <div className="console-sign-in">
        <Card title="Sign in">
          {next && safeNext(next) !== "/" && !error && <Alert tone="info">Sign in to continue where you were.</Alert>}
          <form onSubmit={onSubmit}>
            {error && <Alert ref={alertRef}>{error.message}</Alert>}
            <TextField label="Email" name="email" type="email" autoComplete="username" isRequired value={email} onChange={setEmail} />
            <TextField label="Password" name="password" type="password" autoComplete="current-password" isRequired value={password} onChange={setPassword} />
            <Button type="submit" disabled={loading}>
              {loading ? "Signing in…" : "Sign in"}
            </Button>
          </form>
        </Card>
      </div>
    </main>
  );
}
