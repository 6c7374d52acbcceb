import { registerEnumType } from 'type-graphql';

/** A member's or API key's role in an organisation, most powerful first. */
export enum Role {
  OWNER = 'OWNER',
  ADMIN = 'ADMIN',
  MEMBER = 'MEMBER',
  OBSERVER = 'OBSERVER',
}

registerEnumType(Role, { name: 'Role', description: 'What a member or API key may do in an organisation.' });

const RANK: Record<Role, number> = { [Role.OWNER]: 4, [Role.ADMIN]: 3, [Role.MEMBER]: 2, [Role.OBSERVER]: 1 };

/** True when `role` carries at least the powers of `required`. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

/** A role in a sentence of the activity log: "join as a member", "from member to admin". */
export function roleInWords(role: Role, article = true): string {
  const word = role.toLowerCase();
  return article ? `${role === Role.OWNER || role === Role.ADMIN || role === Role.OBSERVER ? 'an' : 'a'} ${word}` : word;
}
