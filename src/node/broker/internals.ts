/** The objects whose undocumented members the broker reads or replaces. */
export type InternalOwner =
  | 'Aedes.prototype'
  | 'an aedes instance'
  | 'an aedes client'
  | "an aedes client's parser"
  | "ws' WebSocket stream"
  | 'an mqemitter-redis emitter';

/**
 * One member of aedes (or of what it is built on) that a broker module reads or replaces
 * although aedes' typings and docs leave it out. Each such module exports the list of
 * the ones it uses, next to the code that uses them, and test/node/broker/internals.test.ts
 * checks every list against the installed packages: a release that renames one fails
 * there by name, where most hooks would otherwise stop working without an error.
 */
export interface InternalMember {
  on: InternalOwner;
  name: string;
  /** A function declaring this many parameters (the ones a wrapper passes on), or an object. */
  shape: number | 'object';
}
