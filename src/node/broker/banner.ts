import { isLanHost, lanAddresses } from './network.js';
import type { RunningBroker } from './options.js';
import { ANONYMOUS_PROFILE, type Profile } from './profiles.js';
import type { BrokerSetup } from './setup.js';

/**
 * The lines a CLI prints once the broker listens: URLs (and LAN URLs when listening on the
 * network), the default credentials, and warnings about weak passwords on a network.
 *
 * @example
 * for (const line of describeBroker(broker, setup)) console.log(line);
 */
export function describeBroker(broker: RunningBroker, setup: BrokerSetup, addresses: string[] = lanAddresses()): string[] {
  const lines = ['MQTT broker ready:'];
  lines.push(`  TCP        ${broker.urls.tcp}`);
  lines.push(`  WebSocket  ${broker.urls.ws}`);
  if (broker.urls.mqtts) lines.push(`  TLS        ${broker.urls.mqtts}`);
  if (broker.urls.wss) lines.push(`  WSS        ${broker.urls.wss}`);
  if (broker.cluster) lines.push(`  Cluster    one node (${broker.cluster.nodeId.slice(0, 8)}) of the brokers sharing the Redis at ${broker.cluster.redis}`);
  const onLan = isLanHost(broker.host);
  if (onLan) {
    for (const address of addresses) lines.push(`  LAN        mqtt://${address}:${broker.tcpPort}   ws://${address}:${broker.wsPort}`);
    if (addresses.length === 0) lines.push('  LAN        (no network address found; is this computer on a network?)');
  }
  const { profiles } = setup.options;
  const anonymous = setup.options.allowAnonymous !== false && profiles.some((p) => p.username === ANONYMOUS_PROFILE);
  if (setup.admin) {
    lines.push('', 'Profiles (username / password):');
    for (const profile of profiles) lines.push(`  ${describeProfile(profile, setup.admin)}`);
    if (broker.cluster && setup.admin.generated) {
      lines.push("  Cluster: this node made up admin's password; the others made up their own. Set MQTT_ADMIN_PASSWORD to one value on every node.");
    }
  } else {
    lines.push('', `Profiles from ${setup.profilesSource}: ${profiles.map((p) => p.username).join(', ')}`);
  }
  lines.push(anonymous ? `Connections without a username get the '${ANONYMOUS_PROFILE}' profile.` : 'Connections without a username are refused.');
  const weak = profiles.filter((p) => p.password === p.username).map((p) => `${p.username}/${p.password}`);
  if (onLan && (weak.length > 0 || anonymous)) {
    const risks = [...(weak.length > 0 ? [`well-known passwords (${weak.join(', ')})`] : []), ...(anonymous ? ['anonymous connections'] : [])];
    lines.push('', `Warning: listening on the network with ${risks.join(' and ')}: anyone on this network can connect.`);
    lines.push('  Use --profiles FILE with your own passwords, and --no-anonymous.');
  }
  return lines;
}

function describeProfile(profile: Profile, admin: { password: string; generated: boolean }): string {
  const isAdmin = profile.password === admin.password && profile.username === 'admin';
  const password = isAdmin && !admin.generated ? '(from MQTT_ADMIN_PASSWORD)' : profile.password;
  const note = isAdmin && admin.generated ? '   (generated; set MQTT_ADMIN_PASSWORD to choose it)' : '';
  const rights = [
    profile.publish.length > 0 ? `publish ${profile.publish.join(' ')}` : 'no publishing',
    profile.subscribe.length > 0 ? `subscribe ${profile.subscribe.join(' ')}` : 'no subscribing',
  ].join(', ');
  return `${`${profile.username} / ${password}`.padEnd(28)} ${rights}${note}`;
}
