import { registerEnumType } from 'type-graphql';

/** How often a member wants their digest by mail. */
export enum DigestFrequency {
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  NONE = 'NONE',
}

registerEnumType(DigestFrequency, {
  name: 'DigestFrequency',
  description: 'How often a member gets their digest by mail: DAILY, WEEKLY (on their chosen weekday) or NONE.',
});
