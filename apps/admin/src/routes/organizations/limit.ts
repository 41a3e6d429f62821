/** The alias limit field: empty is "no limit" (null), else a whole number ≥ 0. */
export function parseLimit(text: string): number | null | "invalid" {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (!/^\d{1,6}$/.test(trimmed)) return "invalid";
  return Number(trimmed);
}
