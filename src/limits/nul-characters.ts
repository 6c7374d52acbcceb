import { BREAK, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';

const NUL = '\u0000';

/**
 * Where in a variable's JSON value a string holds NUL, as a path suffix ('' for the value itself,
 * '.email', '.ids.2'), or null. Iterative: variables may nest deeper than the stack.
 */
function nulInJson(value: unknown): string | null {
  const pending: [unknown, string][] = [[value, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, at] = next;
    if (typeof item === 'string') {
      if (item.includes(NUL)) return at;
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i -= 1) pending.push([item[i], `${at}.${i}`]);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item).reverse()) pending.push([inner, `${at}.${key}`]);
    }
  }
  return null;
}

/** Each variable's {@link nulInJson}, worked out once however often it is used. */
class Variables {
  private readonly found = new Map<string, string | null>();
  constructor(private readonly values: Readonly<Record<string, unknown>>) {}

  nulIn(name: string): string | null {
    let suffix = this.found.get(name);
    if (suffix === undefined) this.found.set(name, (suffix = nulInJson(this.values[name])));
    return suffix;
  }
}

/** Where in an argument's value (a literal, or the variables it names) a string holds NUL, or null. */
function nulInValue(value: ValueNode, path: string, variables: Variables): string | null {
  switch (value.kind) {
    case Kind.STRING:
      return value.value.includes(NUL) ? path : null;
    case Kind.VARIABLE: {
      const suffix = variables.nulIn(value.name.value);
      return suffix === null ? null : `${path}${suffix}`;
    }
    case Kind.LIST:
      for (const [i, item] of value.values.entries()) {
        const found = nulInValue(item, `${path}.${i}`, variables);
        if (found) return found;
      }
      return null;
    case Kind.OBJECT:
      for (const field of value.fields) {
        const found = nulInValue(field.value, `${path}.${field.name.value}`, variables);
        if (found) return found;
      }
      return null;
    default:
      return null;
  }
}

/**
 * The argument path (`input.email`, as class-validator names fields) of the first string in the
 * request that contains NUL (U+0000), literal or sent in a variable, or null when there is none.
 * PostgreSQL cannot store NUL in text and refuses any statement that carries one, and no client
 * means it, so a request with one is refused before it runs: every string argument, those of
 * logIn and signUp included, whatever the type (String, ID, a cursor) and wherever it would go.
 * Variables count where an argument uses them (a variable no argument uses reaches nothing).
 */
export function nulArgumentPath(document: DocumentNode, variables: Readonly<Record<string, unknown>> | null | undefined): string | null {
  const values = new Variables(variables ?? {});
  const none = new Variables({});
  let found: string | null = null;
  // `false` skips what the handler has walked already; BREAK ends the walk at the first one found.
  visit(document, {
    Argument(argument) {
      found = nulInValue(argument.value, argument.name.value, values);
      return found ? BREAK : false;
    },
    VariableDefinition(definition) {
      found = definition.defaultValue ? nulInValue(definition.defaultValue, `$${definition.variable.name.value}`, none) : null;
      return found ? BREAK : false;
    },
  });
  return found;
}
