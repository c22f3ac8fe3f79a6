import { describe, expect, it } from 'vitest';
import { BrokerUrlError, maskUrl, parseBrokerUrl, type UrlContext } from '../../src/mqtt/url.js';

const browser: UrlContext = { runtime: 'browser' };
const node: UrlContext = { runtime: 'node' };

/** Runs `fn`, expecting it to throw; returns what it threw. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw, but it returned');
}

function brokerError(input: string, context: UrlContext = browser): BrokerUrlError {
  const error = thrown(() => parseBrokerUrl(input, context));
  expect(error).toBeInstanceOf(BrokerUrlError);
  expect(error.name).toBe('BrokerUrlError');
  return error as BrokerUrlError;
}

describe('parseBrokerUrl: shiftr.io and TCP schemes', () => {
  const shiftr = 'mqtt://public:public@public.cloud.shiftr.io';

  it('translates mqtt:// to wss on 443 for shiftr.io in a browser', () => {
    const target = parseBrokerUrl(shiftr, browser);
    expect(target.url).toBe('wss://public.cloud.shiftr.io:443');
    expect(target.protocol).toBe('wss');
    expect(target.host).toBe('public.cloud.shiftr.io');
    expect(target.port).toBe(443);
    expect(target.username).toBe('public');
    expect(target.password).toBe('public');
    // Credentials never travel in the URL string itself.
    expect(target.url).not.toContain('@');
  });

  it('masks the password in display', () => {
    const target = parseBrokerUrl(shiftr, browser);
    expect(target.display).toBe('wss://public:****@public.cloud.shiftr.io:443');
    expect(target.display).toContain('****');
    expect(target.display).not.toContain(':public@');
  });

  it('explains the translation in a note', () => {
    const note = parseBrokerUrl(shiftr, browser).note;
    expect(note).toBeDefined();
    expect(note).toMatch(/browser/i);
    expect(note).toMatch(/WebSocket/i);
    expect(note).toMatch(/443/);
  });

  it('keeps mqtt:// over TCP on 1883 in node, with no note', () => {
    const target = parseBrokerUrl(shiftr, node);
    expect(target.url).toBe('mqtt://public.cloud.shiftr.io:1883');
    expect(target.protocol).toBe('mqtt');
    expect(target.port).toBe(1883);
    expect(target.path).toBe('');
    expect(target.username).toBe('public');
    expect(target.password).toBe('public');
    expect(target.display).toBe('mqtt://public:****@public.cloud.shiftr.io:1883');
    expect(target.note).toBeUndefined();
  });

  it('translates mqtts:// to shiftr.io to wss 443 in a browser and keeps mqtts 8883 in node', () => {
    const inBrowser = parseBrokerUrl('mqtts://public.cloud.shiftr.io', browser);
    expect(inBrowser.url).toBe('wss://public.cloud.shiftr.io:443');
    expect(inBrowser.protocol).toBe('wss');
    expect(inBrowser.port).toBe(443);
    expect(inBrowser.note).toMatch(/WebSocket/i);

    const inNode = parseBrokerUrl('mqtts://host', node);
    expect(inNode.url).toBe('mqtts://host:8883');
    expect(inNode.protocol).toBe('mqtts');
    expect(inNode.port).toBe(8883);
  });

  it('treats tcp:// like mqtt://', () => {
    expect(parseBrokerUrl('tcp://public:public@public.cloud.shiftr.io', browser).url).toBe(
      'wss://public.cloud.shiftr.io:443',
    );
    expect(parseBrokerUrl('tcp://public.cloud.shiftr.io', node).url).toBe('mqtt://public.cloud.shiftr.io:1883');
    expect(parseBrokerUrl('tcp://localhost', browser).url).toBe('ws://localhost:9001');
    expect(parseBrokerUrl('tcp://host:1884', node)).toMatchObject({ protocol: 'mqtt', port: 1884 });
  });

  it('accepts the scheme in any case and lower-cases the host', () => {
    expect(parseBrokerUrl('MQTT://Public.Cloud.Shiftr.IO', node).url).toBe('mqtt://public.cloud.shiftr.io:1883');
  });

  it('keeps an explicit TCP port in node', () => {
    expect(parseBrokerUrl('mqtt://localhost:1884', node).url).toBe('mqtt://localhost:1884');
  });
});

describe('parseBrokerUrl: local broker in a browser', () => {
  it('uses ws on 9001 by default for mqtt://localhost', () => {
    const target = parseBrokerUrl('mqtt://localhost', browser);
    expect(target.url).toBe('ws://localhost:9001');
    expect(target.protocol).toBe('ws');
    expect(target.port).toBe(9001);
    expect(target.note).toMatch(/9001/);
  });

  it('uses the WebSocket port of the broker that served the page', () => {
    const target = parseBrokerUrl('mqtt://localhost', { runtime: 'browser', pageBroker: { host: 'localhost', wsPort: 9123 } });
    expect(target.url).toBe('ws://localhost:9123');
    expect(target.port).toBe(9123);
    expect(target.note).toMatch(/9123/);
  });

  it('replaces a TCP port with the WebSocket port (a browser cannot use TCP)', () => {
    expect(parseBrokerUrl('mqtt://localhost:1883', browser).url).toBe('ws://localhost:9001');
    expect(parseBrokerUrl('mqtt://localhost:1883', { runtime: 'browser', pageBroker: { host: 'localhost', wsPort: 9555 } }).url).toBe(
      'ws://localhost:9555',
    );
    // Any loopback name means the broker that served the page, reached the way the page was.
    expect(parseBrokerUrl('mqtt://127.0.0.1:1883', { runtime: 'browser', pageBroker: { host: 'localhost', wsPort: 9555 } }).url).toBe(
      'ws://localhost:9555',
    );
  });

  it('ignores the page broker in node', () => {
    expect(parseBrokerUrl('mqtt://localhost', { runtime: 'node', pageBroker: { host: 'localhost', wsPort: 9123 } }).url).toBe(
      'mqtt://localhost:1883',
    );
  });
});

describe('parseBrokerUrl: the broker that served the page, on a classroom LAN', () => {
  const lan: UrlContext = { runtime: 'browser', pageBroker: { host: '192.168.1.23', wsPort: 9002 } };

  it('reads localhost, 127.0.0.1 and [::1] as the page\'s broker, at the address the page was reached by', () => {
    for (const url of ['mqtt://public:public@localhost', 'mqtt://127.0.0.1:1883', 'tcp://[::1]', 'localhost']) {
      const target = parseBrokerUrl(url, lan);
      expect(target.url, url).toBe('ws://192.168.1.23:9002');
      expect(target.note, url).toMatch(/served this page/);
    }
  });

  it('rewrites ws://localhost only on the page broker\'s own port', () => {
    expect(parseBrokerUrl('ws://localhost:9002/mqtt', lan).url).toBe('ws://192.168.1.23:9002/mqtt');
    // Another broker on the student's own machine (shiftr.io's desktop app, say) stays theirs.
    expect(parseBrokerUrl('ws://localhost:1884', lan).url).toBe('ws://localhost:1884');
  });

  it('uses wss when the page broker is secure', () => {
    expect(parseBrokerUrl('mqtt://localhost', { runtime: 'browser', pageBroker: { host: 'kit.school', wsPort: 8443, secure: true } }).url).toBe(
      'wss://kit.school:8443',
    );
  });

  it('leaves other brokers alone', () => {
    expect(parseBrokerUrl('mqtt://public.cloud.shiftr.io', lan).url).toBe('wss://public.cloud.shiftr.io:443');
  });
});

describe('parseBrokerUrl: public brokers in a browser', () => {
  it.each([
    ['mqtt://test.mosquitto.org', 'ws://test.mosquitto.org:8080'],
    ['mqtts://test.mosquitto.org', 'wss://test.mosquitto.org:8081'],
    ['mqtt://broker.hivemq.com', 'ws://broker.hivemq.com:8000/mqtt'],
    ['mqtts://broker.hivemq.com:8883', 'wss://broker.hivemq.com:8884/mqtt'],
    ['mqtt://broker.emqx.io:1883', 'ws://broker.emqx.io:8083/mqtt'],
    ['mqtts://broker.emqx.io', 'wss://broker.emqx.io:8084/mqtt'],
    ['mqtt://public:public@public.cloud.shiftr.io', 'wss://public.cloud.shiftr.io:443'],
    ['mqtt://myinstance.cloud.shiftr.io', 'wss://myinstance.cloud.shiftr.io:443'],
  ])('%s → %s', (input, url) => {
    expect(parseBrokerUrl(input, browser).url).toBe(url);
  });

  it('keeps them as TCP in node', () => {
    expect(parseBrokerUrl('mqtt://broker.hivemq.com', node).url).toBe('mqtt://broker.hivemq.com:1883');
  });

  it('asks for the WebSocket URL of any other host, with an example', () => {
    const error = brokerError('mqtt://user:secret@broker.example.org');
    expect(error.message).toMatch(/WebSocket port of 'broker.example.org' is not known/);
    expect(error.message).toContain('ws://broker.example.org:8080/mqtt');
    expect(error.message).not.toContain('secret');
    expect(brokerError('mqtts://broker.example.org').message).toContain('wss://broker.example.org:8084/mqtt');
    expect(parseBrokerUrl('ws://broker.example.org:8080/mqtt', browser).url).toBe('ws://broker.example.org:8080/mqtt');
  });
});

describe('parseBrokerUrl: from an https page', () => {
  const secure: UrlContext = { runtime: 'browser', securePage: true };

  it('refuses ws:// to another host with a readable reason', () => {
    for (const url of ['ws://broker.example.org:8080', 'mqtt://test.mosquitto.org']) {
      expect(brokerError(url, secure).message, url).toMatch(/https:\/\/.*browsers block ws:\/\/.*wss:\/\//);
    }
  });

  it('allows wss://, and ws:// to this machine (browsers trust loopback)', () => {
    expect(parseBrokerUrl('wss://public:public@public.cloud.shiftr.io', secure).url).toBe('wss://public.cloud.shiftr.io:443');
    expect(parseBrokerUrl('mqtt://public.cloud.shiftr.io', secure).url).toBe('wss://public.cloud.shiftr.io:443');
    expect(parseBrokerUrl('ws://localhost:9001', secure).url).toBe('ws://localhost:9001');
  });
});

describe('parseBrokerUrl: explicit WebSocket URLs', () => {
  it('keeps ws://host:8080/mqtt as given, in both runtimes', () => {
    for (const context of [browser, node]) {
      const target = parseBrokerUrl('ws://host:8080/mqtt', context);
      expect(target.url).toBe('ws://host:8080/mqtt');
      expect(target.protocol).toBe('ws');
      expect(target.port).toBe(8080);
      expect(target.path).toBe('/mqtt');
      expect(target.note).toBeUndefined();
    }
  });

  it('keeps wss://host/path with the default port 443', () => {
    const target = parseBrokerUrl('wss://host/path', browser);
    expect(target.url).toBe('wss://host:443/path');
    expect(target.port).toBe(443);
    expect(target.path).toBe('/path');
    expect(target.note).toBeUndefined();
  });

  it('defaults ws:// to port 80', () => {
    expect(parseBrokerUrl('ws://host', browser).url).toBe('ws://host:80');
    expect(parseBrokerUrl('ws://host/mqtt', node).url).toBe('ws://host:80/mqtt');
  });

  it('does not let the page broker override an explicit ws:// port of another broker', () => {
    expect(parseBrokerUrl('ws://localhost:8080', { runtime: 'browser', pageBroker: { host: 'localhost', wsPort: 9123 } }).url).toBe(
      'ws://localhost:8080',
    );
  });

  it('masks the password of a ws:// URL in display', () => {
    const target = parseBrokerUrl('ws://user:pw@localhost:9001', browser);
    expect(target.display).toBe('ws://user:****@localhost:9001');
    expect(target.url).toBe('ws://localhost:9001');
  });
});

describe('parseBrokerUrl: forms people write', () => {
  it('treats a URL without a scheme as mqtt://', () => {
    expect(parseBrokerUrl('localhost', node).url).toBe('mqtt://localhost:1883');
    expect(parseBrokerUrl('localhost', browser).url).toBe('ws://localhost:9001');
    expect(parseBrokerUrl('localhost:1884', node).url).toBe('mqtt://localhost:1884');
    expect(parseBrokerUrl('  localhost  ', node).url).toBe('mqtt://localhost:1883');
  });

  it('decodes percent-encoded credentials', () => {
    const target = parseBrokerUrl('mqtt://us%40er:p%3Ass@h', node);
    expect(target.username).toBe('us@er');
    expect(target.password).toBe('p:ss');
    expect(target.host).toBe('h');
    expect(target.url).toBe('mqtt://h:1883');
    expect(target.display).not.toContain('p:ss');
    expect(target.display).not.toContain('p%3Ass');
  });

  it('keeps a user name without a password and masks nothing', () => {
    const target = parseBrokerUrl('mqtt://alice@h', node);
    expect(target.username).toBe('alice');
    expect(target.password).toBeUndefined();
    expect(target.display).toBe('mqtt://alice@h:1883');
  });

  it('omits username and password when none are given', () => {
    const target = parseBrokerUrl('mqtt://h', node);
    expect('username' in target).toBe(false);
    expect('password' in target).toBe(false);
  });

  it('parses an IPv6 host', () => {
    const inNode = parseBrokerUrl('mqtt://[::1]:1883', node);
    expect(inNode.host).toBe('[::1]');
    expect(inNode.port).toBe(1883);
    expect(inNode.url).toBe('mqtt://[::1]:1883');

    const inBrowser = parseBrokerUrl('mqtt://[::1]:1883', browser);
    expect(inBrowser.url).toBe('ws://[::1]:9001');
  });

  it('drops a query or fragment', () => {
    expect(parseBrokerUrl('ws://host:8080/mqtt?x=1#y', node).url).toBe('ws://host:8080/mqtt');
  });
});

describe('parseBrokerUrl: bad input', () => {
  it('rejects an unsupported scheme, naming it and showing an mqtt:// example', () => {
    const error = brokerError('http://x');
    expect(error.message).toContain("'http://'");
    expect(error.message).toMatch(/\bmqtt:\/\/\S+/);
    // The example is a complete URL starting with mqtt://, not just the list of schemes.
    expect(error.message).toMatch(/mqtt:\/\/[a-z]+:[a-z]+@[a-z.]+/);
  });

  it.each(['mqtt://:1883', 'mqtt://', 'mqtt://user:pw@', 'ws:///path'])('rejects a missing host: %s', (input) => {
    const error = brokerError(input);
    expect(error.message).toMatch(/host/i);
    expect(error.message).toMatch(/mqtt:\/\//);
  });

  it.each(['99999', 'abc', '0', '65536', '-1', ''])('rejects the bad port %j and names it', (port) => {
    const error = brokerError(`mqtt://h:${port}`);
    expect(error.message).toContain(`'${port}'`);
    expect(error.message).toMatch(/port/i);
  });

  it('accepts the extreme valid ports', () => {
    expect(parseBrokerUrl('mqtt://h:1', node).port).toBe(1);
    expect(parseBrokerUrl('mqtt://h:65535', node).port).toBe(65535);
  });

  it.each(['', '   ', '\n\t'])('rejects the empty string %j', (input) => {
    const error = brokerError(input);
    expect(error.message).toMatch(/empty/i);
    expect(error.message).toMatch(/mqtt:\/\//);
  });

  it('rejects a non-string', () => {
    brokerError(undefined as unknown as string);
    brokerError(42 as unknown as string);
  });

  it('rejects a broken percent-escape in credentials', () => {
    const error = brokerError('mqtt://user:s3cret%zz@h');
    expect(error.message).toMatch(/%-escape/);
    expect(error.message).not.toContain('s3cret');
  });

  it('rejects a host with spaces or a percent sign', () => {
    expect(brokerError('mqtt://my host').message).toMatch(/host/i);
    expect(brokerError('mqtt://h%41').message).toMatch(/host/i);
  });

  it('never shows the password in an error message', () => {
    const inputs = [
      'mqtt://user:s3cret@h:99999',
      'mqtt://user:s3cret@h:abc',
      'mqtt://user:s3cret@h:0',
      'mqtt://user:s3cret@:1883',
      'mqtt://user:s3cret@',
      'http://user:s3cret@h',
      'mqtt://user:s3cret@my host',
      'mqtt://user:s3cret%zz@h',
    ];
    for (const input of inputs) {
      const error = brokerError(input);
      expect(error.message, input).not.toContain('s3cret');
      expect(error.message, input).toContain('****');
    }
  });

  // Credentials are split off at the last '@', so these characters stay in the password.
  it('never shows a password containing #, / or ? in an error message', () => {
    for (const [input, password] of [['mqtt://user:s3c#ret@localhost', 's3c#ret'], ['mqtt://user:s3c/ret@localhost', 's3c/ret'], ['mqtt://user:s3c?ret@localhost:1883', 's3c?ret']] as const) {
      const target = parseBrokerUrl(input, browser);
      expect([target.host, target.password], input).toEqual(['localhost', password]);
      expect(target.display + target.url, input).not.toContain('s3c');
      const error = thrown(() => parseBrokerUrl(input.replace('@localhost', '@localhost:99999'), browser));
      expect(error.message, input).not.toContain('s3c');
    }
  });

  it('does not leak part of a password containing @ into host, url or display', () => {
    let target;
    try {
      target = parseBrokerUrl('mqtt://user:p@ss@host', browser);
    } catch (error) {
      expect((error as Error).message).not.toContain('p@ss');
      expect((error as Error).message).not.toContain('ss@host');
      return;
    }
    expect(target.host).toBe('host');
    expect(target.password).toBe('p@ss');
    expect(target.display).not.toContain('ss@');
  });
});

describe('maskUrl', () => {
  it('hides the password', () => {
    expect(maskUrl('mqtt://public:public@public.cloud.shiftr.io')).toBe('mqtt://public:****@public.cloud.shiftr.io');
    expect(maskUrl('ws://user:s3cret@localhost:9001/mqtt')).toBe('ws://user:****@localhost:9001/mqtt');
    expect(maskUrl('mqtt://user:s3cret@h:1883')).not.toContain('s3cret');
  });

  it('leaves a URL without a password unchanged', () => {
    expect(maskUrl('mqtt://localhost:1883')).toBe('mqtt://localhost:1883');
    expect(maskUrl('mqtt://alice@localhost')).toBe('mqtt://alice@localhost');
  });

  it('hides an empty or percent-encoded password', () => {
    expect(maskUrl('mqtt://user:@h')).toBe('mqtt://user:****@h');
    expect(maskUrl('mqtt://us%40er:p%3Ass@h')).toBe('mqtt://us%40er:****@h');
  });

  // Same root cause as above: mask() stops at '/', '?' or '#', so these passwords stay visible.
  it('hides a password containing a raw /', () => {
    expect(maskUrl('mqtt://user:s3c/ret@h')).not.toContain('s3c');
  });
});
