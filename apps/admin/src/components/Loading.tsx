/** A list's loading state, announced politely. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="console-loading" role="status" aria-busy="true">
      Loading {what}…
    </p>
  );
}
