import { Alert, Button, Card, TextField } from "@postroom/ui";
import { useState } from "react";
import type { FormEvent } from "react";
import { useLoginMutation } from "../mutations/useLoginMutation";

export function SignInPage() {
  const { login, loading, error } = useLoginMutation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const signedIn = await login(email.trim(), password);
    // Keep the email for a retry, never the rejected password.
    if (!signedIn) setPassword("");
  }

  return (
    <div className="console-sign-in">
      <Card title="Sign in">
        <form onSubmit={onSubmit}>
          {error && <Alert>{error}</Alert>}
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <Button type="submit" disabled={loading}>
            {loading ? "Signing in…" : "Sign in"}
          </Button>
        </form>
      </Card>
    </div>
  );
}
