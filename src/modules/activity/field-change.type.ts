import { Field, ObjectType } from 'type-graphql';

/** One changed field of an event: its value before and after, as text. */
@ObjectType({ description: 'A field an update, archive, restore or correction changed, with its old and new value as text.' })
export class FieldChange {
  @Field()
  field!: string;

  @Field(() => String, { nullable: true })
  from!: string | null;

  @Field(() => String, { nullable: true })
  to!: string | null;
}
