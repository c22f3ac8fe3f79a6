// aedes-persistence-level ships no types; it takes an abstract-level database.
declare module 'aedes-persistence-level' {
  const persistenceLevel: (db: unknown) => unknown;
  export default persistenceLevel;
}
