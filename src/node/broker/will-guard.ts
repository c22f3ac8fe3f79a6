import type { Client } from 'aedes';
import { canPublish } from './acl.js';
import { profileOf } from './client-state.js';
import { quoteId } from './context.js';
import type { Logger } from './log.js';
import type { Profile } from './profiles.js';

/**
 * The field a stored will carries: the name of the profile it was checked against when its
 * client connected. aedes' persistences (memory, LevelDB, Redis) keep the whole packet, so
 * it survives a restart (`--persist`) and reaches the other nodes of a cluster.
 */
export const WILL_PROFILE = 'kitProfile';

/** A will as aedes stores it: the CONNECT's will plus who left it, where. */
interface StoredWill {
  topic: string;
  clientId?: string;
  [WILL_PROFILE]?: unknown;
}

interface WillStore {
  putWill(client: Client, packet: object): Promise<unknown>;
}

/**
 * Checks each will against its client's profile when the client connects, and marks the
 * wills it lets through with the profile's name.
 *
 * Why at CONNECT: a will outlives its connection. With `--cluster` another node publishes
 * the wills of a node that died, and with `--persist` the next process publishes the wills
 * of the one that was killed; aedes hands those to `authorizePublish` with no client, so
 * there is no profile left to ask. A will the profile may not publish is dropped here and
 * the connection stays (as mosquitto does, and as the kit does for a refused publish): a
 * viewer's dashboard that happens to set a will keeps working, and the teacher's terminal
 * says why its will will never be sent.
 *
 * @example
 * const wills = new WillGuard(logger);
 * const aedes = new Aedes({ persistence: wills.persistence(store) });
 */
export class WillGuard {
  constructor(private readonly logger: Logger) {}

  /** Wraps aedes' persistence: `putWill`, which aedes calls while it handles CONNECT, checks first. */
  persistence<P extends object>(inner: P): P {
    const logger = this.logger;
    const store = inner as unknown as WillStore;
    const putWill = (client: Client, packet: StoredWill): Promise<unknown> => {
      const profile = profileOf(client);
      if (!profile || !canPublish(profile, packet.topic)) {
        const name = profile?.username ?? 'its profile';
        logger.info(`kept ${quoteId(client.id)} (${name}) connected without its will: ${name} may not publish to '${packet.topic}', so the will would never be sent`);
        // aedes publishes `client.will` when the connection drops; nothing left to publish.
        (client as Client & { will: object | null }).will = null;
        return Promise.resolve();
      }
      packet[WILL_PROFILE] = profile.username;
      return store.putWill(client, packet);
    };
    return new Proxy(inner, {
      get(target, key) {
        if (key === 'putWill') return putWill;
        const value: unknown = Reflect.get(target, key, target);
        // Bound to the store: persistences are class instances with private fields.
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}

/** Does `packet` carry the mark of a will checked at CONNECT? */
export function isStoredWill(packet: object): boolean {
  return WILL_PROFILE in packet;
}

/**
 * Why a will aedes found in its store (left by a node that died, or by this broker's
 * previous process) must not be published, or undefined when it may be: it is checked
 * again against the profiles in use now, which may have changed since it was stored.
 *
 * @example
 * storedWillProblem({ topic: 'hello', kitProfile: 'viewer' }, defaultProfiles('x')) // "viewer may not publish to 'hello'"
 */
export function storedWillProblem(packet: object, profiles: readonly Profile[]): string | undefined {
  const will = packet as StoredWill;
  const name = will[WILL_PROFILE];
  if (typeof name !== 'string') return 'it was stored without the profile it was checked against (by an older version of the kit)';
  const profile = profiles.find((p) => p.username === name);
  if (!profile) return `its profile '${name}' is no longer in the broker's profiles`;
  if (!canPublish(profile, will.topic)) return `${name} may not publish to '${will.topic}'`;
  return undefined;
}
