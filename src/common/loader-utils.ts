/** Orders batch results by key, null where a key found nothing (DataLoader's contract). */
export function byKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((key) => map.get(key) ?? null);
}

/** Groups batch results by key, an empty list where a key found nothing; keeps row order. */
export function groupByKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = map.get(key);
    if (group) group.push(row);
    else map.set(key, [row]);
  }
  return keys.map((key) => map.get(key) ?? []);
}

/**
 * The row a load resolves to, where the database guarantees one (a composite foreign key points at
 * it): a missing row is a server error (masked as such), never a null to hand to the client.
 */
export async function required<T>(row: Promise<T | null>, what: string): Promise<T> {
  const value = await row;
  if (!value) throw new Error(`${what} is missing`);
  return value;
}
