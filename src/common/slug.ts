/** An organisation's slug: what X-Organisation may name instead of its id, and what createOrganisation accepts. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
