import { isUniqueViolation } from '../../db/pg-errors';
import type { Context } from '../../context';
import { ConflictError, NotFoundError } from '../../errors';
import { assertRoom, LIST_CAPS } from '../../limits/list-caps';
import { changedFields, staleVersionError } from '../../common/changes';
import { requireIdOf } from '../../common/global-id';
import { DEFAULT_PAGE_SIZE, type Page } from '../../common/pagination';
import { optionalText } from '../../common/text';
import { recordActivity } from '../activity/activity.service';
import { Partner } from './partner.entity';
import { PartnerKind } from './partner.enums';
import type { AddRepresentativeInput, CreatePartnerInput, PartnersArgs, UpdatePartnerInput } from './partner.inputs';
import { Representative } from './representative.entity';
import { assertCurrent } from '../../common/archived';

/** How a kind of partner reads in an activity summary. */
export function describePartnerKind(kind: PartnerKind): string {
  switch (kind) {
    case PartnerKind.MANAGEMENT:
      return 'management';
    case PartnerKind.STAFF:
      return 'staff';
    case PartnerKind.TRADE_UNION:
      return 'trade union';
    case PartnerKind.SERVICE_USERS:
      return 'service users';
    case PartnerKind.CARERS:
      return 'carers';
    case PartnerKind.COMMISSIONER:
      return 'commissioner';
    case PartnerKind.OTHER:
      return 'other';
    default: {
      const never: never = kind;
      throw new Error(`Unknown partner kind ${String(never)}`);
    }
  }
}

/**
 * The organisation's partners, oldest first, keyset-paginated by (created_at, id), optionally of
 * one kind (see src/read/pages.ts). `totalCount` counts the filtered partners and runs only when
 * asked for. A malformed `after` is BAD_USER_INPUT.
 */
export function listPartners(ctx: Context, args: PartnersArgs): Promise<Page<Partner>> {
  // Archived partners leave the list (they stay readable by id, with their history).
  return ctx.read.page(Partner, { first: args.first ?? DEFAULT_PAGE_SIZE, after: args.after, where: { archivedAt: null, ...(args.kind ? { kind: args.kind } : {}) } });
}

/** Creates a partner of the organisation at version 1. */
export async function createPartner(ctx: Context, input: CreatePartnerInput): Promise<Partner> {
  const name = input.name.trim();
  const description = optionalText(input.description);
  return ctx.db.transaction(async () => {
    const partner = await nameTaken(name, () => ctx.db.repo(Partner).insert({ name, kind: input.kind, description }));
    await recordActivity(ctx, {
      type: 'PARTNER_CREATED',
      entityType: 'Partner',
      entityId: partner.id,
      summary: `Added ${name} as a ${describePartnerKind(input.kind)} partner`,
      data: { name, kind: input.kind },
    });
    return partner;
  });
}

/**
 * Runs a write of a partner's name, saying which name is taken when partners_name_key (one name
 * per organisation, trimmed, any case) refuses it: the generic CONFLICT would not say what to change.
 */
async function nameTaken<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`A partner named "${name}" already exists in this organisation`);
    throw error;
  }
}

type PartnerPatch = Partial<Pick<Partner, 'name' | 'kind' | 'description'>>;

/**
 * Changes the given fields of a partner if it is still at `expectedVersion`, and bumps its version.
 * Omitted fields stay; `description: null` clears it. NOT_FOUND for an unknown or foreign id,
 * CONFLICT for a stale version. A change to nothing returns the partner as it is (still CONFLICT
 * if the version is stale) and records nothing.
 */
export async function updatePartner(ctx: Context, input: UpdatePartnerInput): Promise<Partner> {
  const id = requireIdOf('Partner', input.id);
  const patch: PartnerPatch = {};
  if (input.name != null) patch.name = input.name.trim();
  if (input.kind != null) patch.kind = input.kind;
  if (input.description !== undefined) patch.description = optionalText(input.description);
  return ctx.db.transaction(async () => {
    const before = await ctx.read.byId(Partner, id);
    if (!before) throw new NotFoundError('Partner');
    const changes = changedFields(before, patch);
    if (Object.keys(changes).length === 0) {
      if (before.version !== input.expectedVersion) throw staleVersionError(before.version, input.expectedVersion);
      return before;
    }
    const partner = await nameTaken(patch.name ?? before.name, () => ctx.db.repo(Partner).updateVersioned(id, input.expectedVersion, patch));
    await recordActivity(ctx, {
      type: 'PARTNER_UPDATED',
      entityType: 'Partner',
      entityId: id,
      summary: changes.name ? `Renamed partner ${before.name} to ${partner.name}` : `Updated partner ${partner.name}`,
      data: { changes, version: partner.version },
    });
    return partner;
  });
}

/**
 * Adds a representative to a partner of the organisation. NOT_FOUND for an unknown or foreign
 * partner; LIMIT_REACHED once it has LIST_CAPS.representativesPerPartner.
 */
export async function addRepresentative(ctx: Context, input: AddRepresentativeInput): Promise<Representative> {
  const partnerId = requireIdOf('Partner', input.partnerId);
  const name = input.name.trim();
  const roleTitle = optionalText(input.roleTitle);
  const email = optionalText(input.email);
  return ctx.db.transaction(async () => {
    const [partner, representatives] = await Promise.all([ctx.read.byId(Partner, partnerId), ctx.read.count(Representative, { partnerId })]);
    if (!partner) throw new NotFoundError('Partner');
    assertCurrent(partner, 'partner', 'input.partnerId');
    assertRoom(representatives, LIST_CAPS.representativesPerPartner, 'representatives of a partner');
    const representative = await ctx.db.repo(Representative).insert({ partnerId, name, roleTitle, email, userId: null });
    await recordActivity(ctx, {
      type: 'REPRESENTATIVE_ADDED',
      entityType: 'Representative',
      entityId: representative.id,
      summary: roleTitle ? `${name} (${roleTitle}) now represents ${partner.name}` : `${name} now represents ${partner.name}`,
      data: { partnerId, name, roleTitle },
    });
    return representative;
  });
}
