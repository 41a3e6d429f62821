import { BadUserInputError } from "../errors";

/** A trimmed, non-empty name of bounded length. */
export function requireName(value: string | null | undefined, field: string, max = 200): string {
  const name = (value ?? "").trim();
  if (name === "") throw new BadUserInputError(`${field} must not be empty.`, { field });
  if ([...name].length > max) throw new BadUserInputError(`${field} must be at most ${max} characters.`, { field });
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new BadUserInputError(`${field} must not contain control characters.`, { field });
  return name;
}

export function requireLimit(value: number | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0 || value > 100_000) {
    throw new BadUserInputError(`${field} must be a whole number from 0 to 100000, or null for no limit.`, { field });
  }
  return value;
}
