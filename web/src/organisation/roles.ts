/** Roles for people, strongest first, as choices. */
export const ROLE_CHOICES = [
  { value: 'OWNER', label: 'Owner: everything, including members and ownership' },
  { value: 'ADMIN', label: 'Admin: everything but ownership' },
  { value: 'MEMBER', label: 'Member: partners, principles, projects and plans' },
  { value: 'OBSERVER', label: 'Observer: reads only' },
];

/** The roles `role` may give: an ADMIN never makes an OWNER. */
export function rolesGivenBy(role: string) {
  return ROLE_CHOICES.filter(({ value }) => role === 'OWNER' || value !== 'OWNER');
}
