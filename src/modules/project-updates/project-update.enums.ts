import { registerEnumType } from 'type-graphql';

/** How a project is doing, as its members judge it in an update (red, amber, green). */
export enum ProjectHealth {
  ON_TRACK = 'ON_TRACK',
  AT_RISK = 'AT_RISK',
  OFF_TRACK = 'OFF_TRACK',
}

registerEnumType(ProjectHealth, { name: 'ProjectHealth', description: 'How a project is doing, as its members judge it in an update: ON_TRACK, AT_RISK or OFF_TRACK.' });

/** The words an activity summary uses for a health. */
export function healthInWords(health: ProjectHealth): string {
  switch (health) {
    case ProjectHealth.ON_TRACK:
      return 'on track';
    case ProjectHealth.AT_RISK:
      return 'at risk';
    case ProjectHealth.OFF_TRACK:
      return 'off track';
    default: {
      const unknown: never = health;
      throw new Error(`Unknown health ${String(unknown)}`);
    }
  }
}
