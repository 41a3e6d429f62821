import { Alert, Button } from "@postroom/ui";
import { describeError } from "../errors";

export interface QueryErrorProps {
  /** What could not be loaded, e.g. "The domains". */
  what: string;
  error: unknown;
  onRetry: () => void;
}

/** A list's or page's error state: the mapped message and, when it may help, Retry. */
export function QueryError({ what, error, onRetry }: QueryErrorProps) {
  const described = describeError(error);
  return (
    <Alert
      title={`${what} could not be loaded`}
      actions={
        described.retryable || described.code === null ? (
          <Button variant="secondary" onPress={onRetry}>
            Retry
          </Button>
        ) : undefined
      }
    >
      {described.message}
    </Alert>
  );
}
