/**
 * Entity ids are positive 32-bit integers in the database and strings in the graph. An id that
 * cannot be one of ours ("abc", "-1", "99999999999") is simply not found: `null`, never an error.
 */
export function parseId(id: string | number): number | null {
  const text = String(id);
  if (!/^[1-9]\d{0,9}$/.test(text)) return null;
  const value = Number(text);
  return value <= 2_147_483_647 ? value : null;
}
