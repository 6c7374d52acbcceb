import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { DigestFrequency } from './digest.enums';

@ObjectType({ description: "A member's digest by mail: how often, in which time zone, and (weekly) on which day." })
export class DigestSettings {
  @Field(() => DigestFrequency)
  frequency!: DigestFrequency;

  @Field({ description: 'The IANA time zone the digest is sent in (at DIGEST_SEND_HOUR, 07:00 by default, local time).' })
  timeZone!: string;

  @Field(() => Int, { description: 'The ISO weekday a WEEKLY digest comes on: 1 Monday ... 7 Sunday.' })
  weekday!: number;

  @Field({ description: 'False while the member has not chosen: these are the defaults (WEEKLY on Monday).' })
  chosen!: boolean;
}

@InputType()
export class UpdateMyDigestSettingsInput {
  @Field(() => DigestFrequency)
  frequency!: DigestFrequency;

  @Field(() => String, { nullable: true, description: 'An IANA time zone, e.g. Europe/London or Pacific/Auckland; unchanged when left out.' })
  timeZone?: string | null;

  @Field(() => Int, { nullable: true, description: 'The ISO weekday of a WEEKLY digest, 1 Monday ... 7 Sunday; unchanged when left out.' })
  weekday?: number | null;
}
