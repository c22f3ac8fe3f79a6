// aedes-persistence-redis ships no types; it takes ioredis options or a connection (`conn`).
declare module 'aedes-persistence-redis' {
  import type { Redis } from 'ioredis';
  const persistenceRedis: (options: { conn: Redis; maxSessionDelivery?: number }) => unknown;
  export default persistenceRedis;
}
