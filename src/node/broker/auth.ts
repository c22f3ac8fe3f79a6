import type { AuthenticateError, Client, ConnectPacket } from 'aedes';
import type { ProfiledClient } from './client-state.js';
import { quoteId, type BrokerContext } from './context.js';
import { deliverAtMaxQos } from './delivery-qos.js';
import { LoginBackoff } from './login-backoff.js';
import { decoyPassword, verifyPassword } from './passwords.js';
import { ANONYMOUS_PROFILE } from './profiles.js';

// CONNACK return codes of MQTT 3.1.1 §3.2.2.3 that the broker sends itself.
const IDENTIFIER_REJECTED = 2;
// "Server unavailable": try again later, which is what an address over its failed logins must do.
const SERVER_UNAVAILABLE = 3;
const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;

type AuthDone = (error: AuthenticateError | null, success: boolean | null) => void;

/**
 * aedes `preConnect`: remembers the CONNECT details `authenticate` needs but does not get
 * (aedes has already replaced an empty client id with a generated one by then).
 */
export function createPreConnect(ctx: BrokerContext) {
  return (client: Client, packet: ConnectPacket, done: (error: Error | null, success: boolean) => void): void => {
    const state = ctx.states.get(client);
    if (state) state.requestedId = packet.clientId ?? '';
    if (packet.password !== undefined && packet.username === undefined) {
      // [MQTT-3.1.2-22]: a protocol error, so the connection closes without a CONNACK —
      // rather than a client believing it logged in while it got anonymous rights.
      ctx.logger.info(`refused ${quoteId(packet.clientId || client.id)} from ${state?.address ?? 'unknown address'}: a password without a user name`);
      return done(new Error('password without a user name'), false);
    }
    deliverAtMaxQos(client);
    done(null, true);
  };
}

/**
 * aedes `authenticate`: checks the client id, then the username/password against the
 * profiles, and stores the profile on the client. Anonymous connections get `public`.
 *
 * Failed logins are limited per address (see LoginBackoff), and an unknown user name
 * costs the same password check as a wrong password, so the time an answer takes does
 * not tell which names exist. The log still says who failed, from where, and why.
 */
export function createAuthenticate(ctx: BrokerContext) {
  const { options, logger, states } = ctx;
  const backoff = new LoginBackoff(options.loginBackoff);
  const decoy = decoyPassword(options.profiles);
  return (client: Client, username: string | undefined, password: Buffer | undefined, done: AuthDone): void => {
    const state = states.get(client);
    const who = quoteId(state?.requestedId || client.id);
    const address = state?.address ?? 'unknown address';
    const refuse = (returnCode: number, reason: string, log = true): void => {
      if (log) logger.info(`refused ${who} from ${address}: ${reason}`);
      // The error's message is what aedes reports in its clientError/connectionError events.
      done(Object.assign(new Error(reason), { returnCode }) as AuthenticateError, false);
    };
    const requestedId = state?.requestedId ?? client.id;
    if (requestedId === '' && !client.clean) {
      // [MQTT-3.1.3-8]; aedes 1.2 accepts it and invents an id, losing the session anyway.
      return refuse(IDENTIFIER_REJECTED, 'an empty client id needs a clean session');
    }
    if (requestedId.length > options.maxClientIdLength) {
      return refuse(IDENTIFIER_REJECTED, `the client id is ${requestedId.length} characters long; the limit is ${options.maxClientIdLength}`);
    }
    const accept = (profile: ProfiledClient['profile']): void => {
      (client as ProfiledClient).profile = profile;
      noteTakeover(ctx, client);
      done(null, true);
    };
    if (username === undefined) {
      if (!options.allowAnonymous) return refuse(NOT_AUTHORIZED, 'anonymous connections are not allowed; give a username and password');
      const anonymous = options.profiles.find((p) => p.username === ANONYMOUS_PROFILE);
      if (!anonymous) return refuse(NOT_AUTHORIZED, `anonymous connections need a '${ANONYMOUS_PROFILE}' profile`);
      return accept(anonymous);
    }
    const wait = backoff.waitMs(address);
    if (wait > 0) {
      // Said once per lock: a guessing script would otherwise fill the teacher's terminal.
      const first = backoff.firstRefusal(address);
      const reason = `too many failed logins from ${address}; logins from there are refused without a check for ${Math.ceil(wait / 1000)} s (as '${username}')`;
      return refuse(SERVER_UNAVAILABLE, reason, first);
    }
    const profile = options.profiles.find((p) => p.username === username);
    const failed = (reason: string): void => {
      backoff.failed(address);
      refuse(BAD_USERNAME_OR_PASSWORD, reason);
    };
    verifyPassword(profile?.password ?? decoy, password).then(
      (ok) => {
        if (!profile) return failed(`unknown user '${username}'`);
        return ok ? accept(profile) : failed(`wrong password for '${username}'`);
      },
      (error: Error) => {
        logger.error(`could not check the password of '${username}': ${error.message}`);
        refuse(BAD_USERNAME_OR_PASSWORD, 'password check failed');
      },
    );
  };
}

/** aedes closes the older connection with the same id itself [MQTT-3.1.4-2]; we only mark both for the log. */
function noteTakeover(ctx: BrokerContext, client: Client): void {
  const older = ctx.live.get(client.id);
  if (!older || older === client || older.closed) return;
  const newState = ctx.states.get(client);
  const oldState = ctx.states.get(older);
  if (newState) newState.replacedOlder = true;
  if (oldState) oldState.replacedByNewer = true;
}
