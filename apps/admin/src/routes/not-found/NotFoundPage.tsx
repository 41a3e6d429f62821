import { Card } from "@postroom/ui";
import { Link, useLocation } from "@tanstack/react-router";

/** Any path no route matches, signed in or not. */
export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <main className="console-standalone">
      <p className="console-brand">Postroom</p>
      <Card title="Page not found">
        <p>
          There is no page at <code>{pathname}</code>. The link may be mistyped, or the page may have moved.
        </p>
        <p>
          <Link to="/">Go to the console&apos;s start page</Link>
        </p>
      </Card>
    </main>
  );
}
