import { describe, expect, it } from 'vitest';
import { chooseBrokerUrl } from '../../src/kit/broker-choice.js';

describe('chooseBrokerUrl', () => {
  const venue = 'wss://mqtt.venue.example/mqtt';

  it('?broker= in the page address beats the code and the build', () => {
    expect(chooseBrokerUrl('mqtt://localhost', '?broker=ws%3A%2F%2Fother%3A8080', venue)).toBe('ws://other:8080');
  });

  it('without a build URL, the code says', () => {
    expect(chooseBrokerUrl('mqtt://public:public@localhost', '', undefined)).toBe('mqtt://public:public@localhost');
    expect(chooseBrokerUrl(undefined, '', '  ')).toBeUndefined();
  });

  it('a built site: localhost in the code means VITE_MQTT_URL, with the code\'s credentials', () => {
    expect(chooseBrokerUrl('mqtt://public:public@localhost', '', venue)).toBe('wss://public:public@mqtt.venue.example/mqtt');
    expect(chooseBrokerUrl('127.0.0.1:1883', '', venue)).toBe(venue);
    expect(chooseBrokerUrl(undefined, '', venue)).toBe(venue);
    expect(chooseBrokerUrl('mqtt://a:b@localhost', '', 'ws://c:d@host:9001')).toBe('ws://c:d@host:9001');
  });

  it('a sketch naming another broker keeps it', () => {
    expect(chooseBrokerUrl('mqtt://public:public@public.cloud.shiftr.io', '', venue)).toBe('mqtt://public:public@public.cloud.shiftr.io');
  });
});

describe('chooseBrokerUrl with a piece config (kit.config.json, written into the page by npm run serve)', () => {
  const venue = 'wss://mqtt.venue.example/mqtt';
  const built = 'ws://build-time.example:9001';

  it('localhost in the code means the piece\'s broker, with the code\'s credentials', () => {
    expect(chooseBrokerUrl('mqtt://public:public@localhost', '', undefined, venue)).toBe('wss://public:public@mqtt.venue.example/mqtt');
    expect(chooseBrokerUrl(undefined, '', undefined, venue)).toBe(venue);
  });

  it('beats VITE_MQTT_URL: it is chosen at the venue, after the build', () => {
    expect(chooseBrokerUrl('mqtt://localhost', '', built, venue)).toBe(venue);
    expect(chooseBrokerUrl('mqtt://localhost', '', built, '  ')).toBe(built);
    // A page's config is taken as written: a broker that is not text is no broker.
    expect(chooseBrokerUrl('mqtt://localhost', '', built, 7 as unknown as string)).toBe(built);
  });

  it('loses to ?broker= in the page address, and leaves a sketch naming another broker alone', () => {
    expect(chooseBrokerUrl('mqtt://localhost', '?broker=ws%3A%2F%2Fother%3A8080', built, venue)).toBe('ws://other:8080');
    expect(chooseBrokerUrl('mqtt://public:public@public.cloud.shiftr.io', '', built, venue)).toBe('mqtt://public:public@public.cloud.shiftr.io');
  });
});
