import { GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, ID, Info, Int, InterfaceType, ObjectType, Query, Resolver, Root, UseMiddleware, buildSchema, getMetadataStorage } from 'type-graphql';
import { fieldDeclaredFor, fieldResolversOf, fieldsOf, objectTypesOf } from '../../src/adapters/type-graphql';

// What src/adapters/type-graphql.ts answers from type-graphql's metadata storage, for a schema
// small enough to know by heart: an upgrade that renames or reshapes that metadata fails here.

@InterfaceType({ resolveType: () => 'Card' })
abstract class Labelled {
  @Field()
  label!: string;

  @Field()
  colour!: string;
}

@ObjectType()
abstract class Authored {
  @Field()
  author!: string;
}

@ObjectType({ implements: Labelled })
class Card extends Authored implements Labelled {
  colour!: string;

  @Field(() => ID, { name: 'id' })
  key!: string;

  @Field()
  label!: string;

  @Field({ simple: false })
  note!: string;

  @UseMiddleware(async (_, next) => next())
  @Field()
  audited!: string;

  @Field()
  get shout(): string {
    return this.label.toUpperCase();
  }

  @Field(() => Int)
  repeat(@Arg('times', () => Int) times: number): number {
    return times;
  }
}

@ObjectType()
class Deck {
  @Field()
  title!: string;
}

@Resolver(() => Card)
class CardResolver {
  @Query(() => Card)
  card(): Card {
    return new Card();
  }

  @Query(() => Deck)
  deck(): Deck {
    return new Deck();
  }

  @FieldResolver(() => String)
  owner(@Root() card: Card, @Ctx() context: unknown, @Info() info: unknown): string {
    return String(card && context && info);
  }

  @FieldResolver(() => String)
  ownerKey(@Ctx('user') user: string, @Root('key') key: string): string {
    return `${user}:${key}`;
  }

  @FieldResolver(() => Int)
  score(@Root() card: Card, @Arg('bonus', () => Int) bonus: number): number {
    return card.label.length + bonus;
  }
}

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await buildSchema({ resolvers: [CardResolver], orphanedTypes: [Labelled], validate: false });
});

describe('objectTypesOf', () => {
  it('gives each object type of the schema with its class', () => {
    const card = objectTypesOf(schema).find(({ target }) => target === Card);
    expect(card).toEqual({ name: 'Card', target: Card, type: schema.getType('Card') });
    expect(card!.type).toBeInstanceOf(GraphQLObjectType);
    expect(objectTypesOf(schema).map(({ target }) => target)).toEqual(expect.arrayContaining([Card, Deck]));
  });
});

describe('fieldsOf', () => {
  it("gives the class's own fields, then those of its interfaces it does not declare again", () => {
    // A @FieldResolver's field counts as the type's own; Labelled's `label` is declared again, its `colour` not.
    expect(fieldsOf(Card).map(({ schemaName, declaredBy }) => [schemaName, declaredBy])).toEqual([
      ['id', Card],
      ['label', Card],
      ['note', Card],
      ['audited', Card],
      ['shout', Card],
      ['repeat', Card],
      ['owner', Card],
      ['ownerKey', Card],
      ['score', Card],
      ['colour', Labelled],
    ]);
    expect(fieldsOf(Deck)).toEqual([{ declaredBy: Deck, schemaName: 'title', property: 'title', simple: undefined, hasParameters: false, wrapped: false }]);
  });

  it('says what each field reads and what wraps it', () => {
    const byName = new Map(fieldsOf(Card).map((field) => [field.schemaName, field]));
    expect(byName.get('id')).toEqual({ declaredBy: Card, schemaName: 'id', property: 'key', simple: undefined, hasParameters: false, wrapped: false });
    expect(byName.get('note')).toMatchObject({ simple: false, wrapped: false });
    expect(byName.get('audited')).toMatchObject({ wrapped: true });
    expect(byName.get('repeat')).toMatchObject({ property: 'repeat', hasParameters: true });
    expect(byName.get('shout')).toMatchObject({ property: 'shout', hasParameters: false });
  });

  it('is empty for a class that is no object type', () => {
    expect(fieldsOf(CardResolver)).toEqual([]);
  });
});

describe('fieldDeclaredFor', () => {
  it('finds a field declared on the class or a class it extends', () => {
    expect(fieldDeclaredFor(Card, 'id')).toMatchObject({ declaredBy: Card, property: 'key' });
    expect(fieldDeclaredFor(Card, 'author')).toMatchObject({ declaredBy: Authored, property: 'author' });
    expect(fieldDeclaredFor(Deck, 'author')).toBeUndefined();
    expect(fieldDeclaredFor(Card, 'nothing')).toBeUndefined();
  });
});

describe('fieldResolversOf', () => {
  it("gives a type's field resolvers and its own method and getter fields, with their parameters in call order", () => {
    const resolvers = fieldResolversOf(Card);
    const external = resolvers.filter(({ external }) => external);
    expect(external.map(({ schemaName, declaredBy, method, wrapped }) => ({ schemaName, declaredBy, method, wrapped }))).toEqual([
      { schemaName: 'owner', declaredBy: CardResolver, method: 'owner', wrapped: false },
      { schemaName: 'ownerKey', declaredBy: CardResolver, method: 'ownerKey', wrapped: false },
      { schemaName: 'score', declaredBy: CardResolver, method: 'score', wrapped: false },
    ]);
    const owner = external[0]!;
    expect(owner.params.map((param) => param.kind)).toEqual(['root', 'context', 'info']);
    const root = owner.params[0]!;
    expect(root.kind === 'root' && root.property).toBeUndefined();
    expect(root.kind === 'root' && root.type?.()).toBe(Card);
    expect(external[1]!.params).toEqual([
      { kind: 'context', property: 'user' },
      { kind: 'root', property: 'key', type: expect.any(Function) },
    ]);
    expect(external[2]!.params.map((param) => param.kind)).toEqual(['root', 'other']);

    const internal = resolvers.filter(({ external }) => !external);
    expect(internal.map(({ schemaName, declaredBy, method }) => ({ schemaName, declaredBy, method }))).toEqual(
      expect.arrayContaining([
        { schemaName: 'shout', declaredBy: Card, method: 'shout' },
        { schemaName: 'repeat', declaredBy: Card, method: 'repeat' },
      ]),
    );
    expect(internal.find(({ method }) => method === 'repeat')!.params.map((param) => param.kind)).toEqual(['other']);
    expect(fieldResolversOf(Deck)).toEqual([]);
  });
});

describe('a type-graphql that keeps its metadata elsewhere', () => {
  it('fails loudly, naming the adapter to update', () => {
    const storage = getMetadataStorage() as unknown as Record<string, unknown>;
    const { fieldResolvers } = storage;
    storage.fieldResolvers = undefined;
    try {
      expect(() => fieldResolversOf(Card)).toThrow(/fieldResolvers.*src\/adapters\/type-graphql\.ts/);
      expect(() => objectTypesOf(schema)).toThrow(/src\/adapters\/type-graphql\.ts/);
    } finally {
      storage.fieldResolvers = fieldResolvers;
    }
  });
});
