import { Card } from "@postroom/ui";
import { useRouter } from "@tanstack/react-router";
import type { ErrorComponentProps } from "@tanstack/react-router";
import { QueryError } from "../../components/QueryError";

/** The console itself could not start (usually: the server is unreachable). */
export function ShellError({ error }: ErrorComponentProps) {
  const router = useRouter();
  return (
    <main className="console-standalone">
      <p className="console-brand">Postroom</p>
      <Card title="The console could not load">
        <QueryError what="Your session" error={error} onRetry={() => void router.invalidate()} />
      </Card>
    </main>
  );
}
