import type { ActivityEventRow } from './activity-event.entity';
import type { EventHub } from './event-hub';
import type { ActivityEventType } from './event-types';

/**
 * Activity events that may take a principal's access away. MEMBER_SIGNED_OUT: the member's user
 * signed out everywhere (src/modules/accounts/sessions.service.ts), so their tokens are void.
 */
const ACCESS_EVENTS: ReadonlySet<string> = new Set<ActivityEventType>(['API_KEY_REVOKED', 'MEMBER_REMOVED', 'MEMBER_ROLE_CHANGED', 'MEMBER_SIGNED_OUT']);

/** Something that holds access (a WebSocket) and must re-check it when its principal changes. */
export interface AccessHolder {
  readonly organisationId: string;
  /** The API key id or membership id whose revocation, removal or role change concerns it. */
  readonly principalId: string;
  accessChanged(): void;
}

interface OrganisationWatch {
  holders: number;
  registration: Promise<{ unsubscribe: () => void }>;
}

/**
 * Tells long-lived holders of access (sockets) when their API key is revoked or their membership
 * removed or changed: one event-hub listener per organisation and a map by principal, rather than
 * a listener per socket that every event of the organisation would have to call.
 */
export class AccessWatch {
  private readonly byPrincipal = new Map<string, Set<AccessHolder>>();
  private readonly organisations = new Map<string, OrganisationWatch>();

  constructor(private readonly hub: EventHub) {}

  /**
   * Watches `holder` until the returned function is called. Resolves once the organisation's
   * events are being followed, so nothing committed after that is missed; rejects when the
   * database cannot be reached.
   */
  async watch(holder: AccessHolder): Promise<() => void> {
    const { organisationId, principalId } = holder;
    let organisation = this.organisations.get(organisationId);
    if (!organisation) {
      const created: OrganisationWatch = { holders: 0, registration: this.hub.subscribe(organisationId, (row) => this.onEvent(row)) };
      // A failed registration must not stay cached: the next holder tries again.
      created.registration.catch(() => {
        if (this.organisations.get(organisationId) === created) this.organisations.delete(organisationId);
      });
      this.organisations.set(organisationId, created);
      organisation = created;
    }
    const watched = organisation;
    watched.holders += 1;
    let holders = this.byPrincipal.get(principalId);
    if (!holders) this.byPrincipal.set(principalId, (holders = new Set()));
    holders.add(holder);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const set = this.byPrincipal.get(principalId);
      if (set?.delete(holder) && set.size === 0) this.byPrincipal.delete(principalId);
      watched.holders -= 1;
      if (watched.holders === 0) {
        if (this.organisations.get(organisationId) === watched) this.organisations.delete(organisationId);
        watched.registration.then(
          (registration) => registration.unsubscribe(),
          () => undefined,
        );
      }
    };
    try {
      await watched.registration;
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  private onEvent(row: ActivityEventRow): void {
    if (row.entityId === null || !ACCESS_EVENTS.has(row.type)) return;
    const holders = this.byPrincipal.get(row.entityId);
    if (holders) for (const holder of [...holders]) holder.accessChanged();
  }
}
