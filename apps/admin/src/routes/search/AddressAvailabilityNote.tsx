import type { AddressAvailabilityNote_AvailabilityFragment } from "@postroom/schema";
import { Alert } from "@postroom/ui";

/**
 * Why an address that routes nowhere visible is or is not free. For an
 * address held in another organization's namespace the server says only that
 * (its reason and message), never by whom.
 */
export function AddressAvailabilityNote({ availability }: { availability: AddressAvailabilityNote_AvailabilityFragment }) {
  if (availability.available)
    return (
      <Alert tone="info" title="Free">
        {availability.message}
      </Alert>
    );
  return (
    <Alert tone="info" title="Not available">
      {availability.message}
    </Alert>
  );
}
