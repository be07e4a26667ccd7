/**
 * Plan texts that are rendered when read instead of kept. A fleet's plan says, for every VM and principal, what
 * it assigns, why, which role the admin needs and the equivalent command: sentences that differ only by a name
 * or an id, and that were most of a 20,000-VM plan's memory. An entry can instead name a `TextSource` and have
 * such members as enumerable getters that render the text from the entry's own fields each time they are read.
 *
 * To everything that reads the entry they are ordinary string members in their usual place: `JSON.stringify`,
 * the digest, `Object.keys`/`entries`, spreads, `structuredClone` and equality in tests all see the same
 * strings. Assigning a member turns it back into a plain value. The getters are shared by every entry, so an
 * entry costs its source reference, not a closure per text.
 */

const SOURCE = Symbol('text source');

/**
 * Renders the members `F` of an entry from that entry; each is called as a method, so a source may be an object
 * with data of its own (what an entry does not hold) or one shared by thousands of entries.
 */
export type TextSource<F extends string = string> = Readonly<Record<F, (entry: never) => string>>;

interface Rendered {
  [SOURCE]: Record<string, (entry: unknown) => string>;
}

const accessors = new Map<string, PropertyDescriptor>();

function accessorFor(field: string): PropertyDescriptor {
  let descriptor = accessors.get(field);
  if (!descriptor) {
    descriptor = {
      enumerable: true,
      configurable: true,
      get(this: Rendered) {
        return this[SOURCE][field]!(this);
      },
      set(this: Rendered, value: unknown) {
        // Redefining an existing member keeps its place among the others, so the JSON order stays.
        Object.defineProperty(this, field, { value, writable: true, enumerable: true, configurable: true });
      },
    };
    accessors.set(field, descriptor);
  }
  return descriptor;
}

/** Not enumerable: deep equality in tests and copies see only the members. */
function setSource(entry: object, source: unknown): void {
  if ((entry as Rendered)[SOURCE] === source) return;
  Object.defineProperty(entry, SOURCE, { value: source, writable: true, enumerable: false, configurable: true });
}

/** Makes each of `fields` of `entry` a member rendered by `source[field](entry)`, in the order given. */
export function renderFrom<E extends object, F extends string>(
  entry: E,
  source: TextSource<F>,
  ...fields: F[]
): E & Record<F, string> {
  setSource(entry, source);
  for (const field of fields) Object.defineProperty(entry, field, accessorFor(field));
  return entry as E & Record<F, string>;
}

/** True when `entry[field]` is rendered on reading rather than stored. */
export function isRendered(entry: object, field: string): boolean {
  return Object.getOwnPropertyDescriptor(entry, field)?.get === accessorFor(field).get;
}

/**
 * Gives `to` the member `field` as `from` has it: rendered by the same source when `from` renders it (the
 * source then reads `to`, which must carry the fields it renders from), otherwise `from`'s value.
 */
export function carryText(from: object, to: object, field: string): void {
  if (isRendered(from, field)) {
    setSource(to, (from as Rendered)[SOURCE]);
    Object.defineProperty(to, field, accessorFor(field));
  } else {
    (to as Record<string, unknown>)[field] = (from as Record<string, unknown>)[field];
  }
}
