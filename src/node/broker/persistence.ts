import { Level } from 'level';
import persistenceLevel from 'aedes-persistence-level';
import { orderedPersistence, type AedesPersistence } from './persistence-order.js';

/** Where sessions, subscriptions, retained and queued messages live across restarts. */
export interface OpenPersistence {
  /** For aedes' `persistence` option. */
  persistence: unknown;
  close(): Promise<void>;
}

/**
 * Keeps the broker's state in a LevelDB folder, so a broker that is killed and started
 * again still knows each persistent session (`clean: false`) and delivers the QoS 1/2
 * messages queued for it. Without it aedes keeps everything in memory, which is fine
 * for a classroom and loses queued messages when an installation's process dies.
 *
 * The level store is wrapped by `orderedPersistence`: as it comes, its unordered writes
 * make aedes skip some live QoS 1/2 messages (see persistence-order.ts).
 *
 * @example
 * const store = await openPersistence('./mqtt-data');
 */
export async function openPersistence(dir: string): Promise<OpenPersistence> {
  const db = new Level(dir);
  try {
    await db.open();
  } catch (error) {
    const cause = (error as { cause?: Error }).cause?.message ?? (error as Error).message;
    const hint = /lock/i.test(cause) ? ' Is another broker using it? Stop it, or give this one another folder.' : '';
    throw new Error(`Could not open the broker's data folder '${dir}': ${cause}.${hint}`);
  }
  const { persistence, settled } = orderedPersistence(persistenceLevel(db) as AedesPersistence);
  return {
    persistence,
    close: async () => {
      // Writes still running when the broker closes would fail on a closed database.
      await settled();
      await db.close();
    },
  };
}
