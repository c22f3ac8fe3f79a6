// The embedded broker's public API. Re-exports only.
export { createBroker } from './broker.js';
export {
  DEFAULT_TLS_PORT, DEFAULT_WSS_PORT, type BrokerListener, type BrokerOptions, type BrokerTlsOptions, type RunningBroker,
} from './options.js';
export { defaultProfiles, loadProfiles, parseProfiles, ProfilesError, ANONYMOUS_PROFILE, type Profile } from './profiles.js';
export { hashPassword, verifyPassword, resolveAdminPassword } from './passwords.js';
export { canPublish, canSubscribe, filterCovers } from './acl.js';
export { profileOf, type ProfiledClient } from './client-state.js';
export { createLogger, previewPayload, type BrokerLog, type LogLevel, type LogSeverity, type Logger } from './log.js';
export { lanAddresses } from './network.js';
export {
  parseBrokerFlags, brokerFlagsFromValues, BROKER_FLAG_OPTIONS, BROKER_USAGE, FlagError, type BrokerFlags, type BrokerFlagValues,
} from './flags.js';
export { brokerSetupFromFlags, type BrokerSetup } from './setup.js';
export { describeBroker } from './banner.js';
