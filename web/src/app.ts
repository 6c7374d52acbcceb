import type { Gql } from './api';

/** What a view gets from the page around it. */
export interface App {
  gql: Gql;
  /** Members and up may change stages; observers (and OBSERVER keys) only look. */
  canWrite: boolean;
  /** Reloads the current view's data and redraws it, keeping keyboard focus. */
  refresh(): void;
  /**
   * A view with a half-filled form says so: live refreshes wait until it is done, so nobody
   * loses what they were typing because someone else changed something.
   */
  setEditing(editing: boolean): void;
}

/** A change announced live: a stage event (with its project) or an activity event (with its entity type). */
export type Change = { kind: 'stage'; projectId: string; entityType: 'Stage' } | { kind: 'activity'; entityType: string };

export interface View {
  title: string;
  content: Node;
  /**
   * Whether a live change may alter what this view shows. Every open dashboard of an
   * organisation draws on one query-cost budget (the server's per-organisation rate limit), so
   * views reload only for changes that concern them.
   */
  follows?(change: Change): boolean;
}
