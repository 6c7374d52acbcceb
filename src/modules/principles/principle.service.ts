import type { Context } from '../../context';
import { NotFoundError } from '../../errors';
import { changedFields, staleVersionError } from '../../common/changes';
import { assertRoom, LIST_CAPS } from '../../limits/list-caps';
import { requireIdOf } from '../../common/global-id';
import { optionalText } from '../../common/text';
import { recordActivity } from '../activity/activity.service';
import { Agreement } from '../projects/agreement.entity';
import { Principle } from './principle.entity';
import type { PrincipleSet } from './principle.enums';
import type { CreatePrincipleInput, UpdatePrincipleInput } from './principle.inputs';
import { principleSetDefinition } from './principle.sets';

const BY_POSITION = { position: 'ASC', createdAt: 'ASC', id: 'ASC' } as const;

/**
 * The position after the organisation's last principle (0 for the first). Race-free because every
 * write of an organisation first takes its event-counter row lock (RequestDb.transaction), so two
 * appends never read the same last position.
 */
async function nextPosition(ctx: Context): Promise<number> {
  const [last] = await ctx.read.rows(Principle, { order: { position: 'DESC' }, limit: 1 });
  return last ? last.position + 1 : 0;
}

/**
 * The organisation's principles, ordered by position: at most LIST_CAPS.principlesPerOrganisation
 * (creates past it are refused; the LIMIT also bounds an organisation that had more before).
 */
export function listPrinciples(ctx: Context): Promise<Principle[]> {
  // Archived principles leave the list (they stay readable by id, with the agreements given to them).
  return ctx.read.rows(Principle, { where: { archivedAt: null }, order: BY_POSITION, limit: LIST_CAPS.principlesPerOrganisation });
}

/** LIMIT_REACHED unless the organisation has room for `adding` more principles. */
async function assertRoomForPrinciples(ctx: Context, adding: number): Promise<void> {
  assertRoom(await ctx.read.count(Principle), LIST_CAPS.principlesPerOrganisation, 'principles in an organisation', adding);
}

/**
 * Adopts a ready-made set: appends, after the existing principles, each principle of the set the
 * organisation does not have yet, and returns all of the set's principles in order. Adopting again
 * adds nothing, records nothing, and keeps any edits made since. LIMIT_REACHED when the set's new
 * principles would take the organisation past LIST_CAPS.principlesPerOrganisation.
 */
export async function adoptPrincipleSet(ctx: Context, set: PrincipleSet): Promise<Principle[]> {
  const definition = principleSetDefinition(set);
  const keys = definition.principles.map((p) => p.setKey);
  return ctx.db.transaction(async () => {
    const adopted = new Set((await ctx.read.rows(Principle, { where: { setKey: keys } })).map((p) => p.setKey));
    const missing = definition.principles.filter((p) => !adopted.has(p.setKey));
    if (missing.length > 0) {
      await assertRoomForPrinciples(ctx, missing.length);
      // ON CONFLICT is the second wall behind the lock: the set key is unique per organisation.
      const inserted = await ctx.db.query<{ id: string }>(
        'adopt a principle set',
        `INSERT INTO principles (organisation_id, title, description, position, source, set_key)
         SELECT $1, t.title, t.description, $2::int + t.ord::int - 1, $3, t.set_key
           FROM unnest($4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t (set_key, title, description, ord)
         ON CONFLICT (organisation_id, set_key) DO NOTHING
         RETURNING id`,
        [ctx.db.organisationId, await nextPosition(ctx), definition.source, missing.map((p) => p.setKey), missing.map((p) => p.title), missing.map((p) => p.description)],
      );
      await recordActivity(ctx, {
        type: 'PRINCIPLE_SET_ADOPTED',
        entityType: 'Principle',
        entityId: null,
        summary: `Adopted ${definition.source} (${inserted.length} principles added)`,
        data: { set, principleIds: inserted.map((row) => row.id) },
      });
    }
    return ctx.read.rows(Principle, { where: { setKey: keys }, order: BY_POSITION });
  });
}

/** Appends a principle of the organisation's own after the existing ones; LIMIT_REACHED past the cap. */
export async function createPrinciple(ctx: Context, input: CreatePrincipleInput): Promise<Principle> {
  const title = input.title.trim();
  const description = optionalText(input.description);
  return ctx.db.transaction(async () => {
    await assertRoomForPrinciples(ctx, 1);
    const position = await nextPosition(ctx);
    const principle = await ctx.db.repo(Principle).insert({ title, description, position, source: null, setKey: null });
    await recordActivity(ctx, {
      type: 'PRINCIPLE_CREATED',
      entityType: 'Principle',
      entityId: principle.id,
      summary: `Added principle ${title}`,
      data: { title, position },
    });
    return principle;
  });
}

type PrinciplePatch = Partial<Pick<Principle, 'title' | 'description'>>;

/**
 * Edits a principle's wording (adopted ones too: the wording is the organisation's) and raises its
 * version: agreements given to the earlier wording stop counting (`Agreement.current`), appear in
 * `missingAgreements` again, and a PROPOSED project cannot start until they are given again.
 * Omitted fields stay; `description: null` clears it. With `expectedVersion`, a stale version is
 * CONFLICT (also for a change to nothing); without it, the change applies to the wording as it is
 * now. NOT_FOUND for an unknown or foreign id. A change to nothing records nothing and keeps the
 * version.
 */
export async function updatePrinciple(ctx: Context, input: UpdatePrincipleInput): Promise<Principle> {
  const id = requireIdOf('Principle', input.id);
  const patch: PrinciplePatch = {};
  if (input.title != null) patch.title = input.title.trim();
  if (input.description !== undefined) patch.description = optionalText(input.description);
  return ctx.db.transaction(async () => {
    const repo = ctx.db.repo(Principle);
    // Locked so the recorded "from" values are the ones this update replaced.
    const before = await repo.findOneForUpdate(id);
    if (!before) throw new NotFoundError('Principle');
    const expected = input.expectedVersion ?? before.version;
    if (before.version !== expected) throw staleVersionError(before.version, expected);
    const changes = changedFields<PrinciplePatch>(before, patch);
    if (Object.keys(changes).length === 0) return before;
    const outdated = await ctx.read.count(Agreement, { principleId: id, principleVersion: before.version });
    const principle = await repo.updateVersioned(id, before.version, patch);
    const reagree = outdated === 0 ? '' : `: ${outdated} agreement${outdated === 1 ? '' : 's'} to it must be given again`;
    await recordActivity(ctx, {
      type: 'PRINCIPLE_UPDATED',
      entityType: 'Principle',
      entityId: id,
      summary: `${changes.title ? `Reworded principle ${before.title} as ${principle.title}` : `Updated principle ${principle.title}`}${reagree}`,
      data: { changes, version: principle.version, previousVersion: before.version, agreementsOutdated: outdated },
    });
    return principle;
  });
}
