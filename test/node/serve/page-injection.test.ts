import { describe, expect, it } from 'vitest';
import { injectIntoPage } from '../../../src/node/serve/page-injection.js';
import { PIECE_CONFIG_ID } from '../../../src/kit/piece-config.js';

const built = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta content="9001" name="p5-mqtt-ws-port">
    <meta name='p5-mqtt-tcp-port' content='1883'>
    <title>hello</title>
    <script type="module" crossorigin src="/assets/hello-x.js"></script>
  </head>
  <body></body>
</html>`;

describe('injectIntoPage', () => {
  it("replaces the build's port tags with the running broker's, right after <meta charset>", () => {
    const page = injectIntoPage(built, { wsPort: 9123, tcpPort: 1999 });
    expect(page.match(/p5-mqtt-ws-port/g)).toHaveLength(1);
    expect(page.match(/p5-mqtt-tcp-port/g)).toHaveLength(1);
    expect(page).toContain('<meta charset="utf-8" />\n    <meta name="p5-mqtt-ws-port" content="9123">\n    <meta name="p5-mqtt-tcp-port" content="1999">');
    expect(page).not.toContain(PIECE_CONFIG_ID);
  });

  it('hands over the piece config before the page\'s scripts', () => {
    const page = injectIntoPage(built, { wsPort: 9123, piece: { kiosk: true, broker: 'wss://mqtt.venue.example/mqtt' } });
    const config = page.indexOf(`id="${PIECE_CONFIG_ID}">{"kiosk":true,"broker":"wss://mqtt.venue.example/mqtt"}</script>`);
    expect(config).toBeGreaterThan(-1);
    expect(config).toBeLessThan(page.indexOf('<script type="module"'));
  });

  it('works on a page without <meta charset>, and on a fragment without <head>', () => {
    expect(injectIntoPage('<html><head><title>x</title></head></html>', { wsPort: 1 })).toBe('<html><head>\n    <meta name="p5-mqtt-ws-port" content="1"><title>x</title></head></html>');
    expect(injectIntoPage('<p>hi</p>', { wsPort: 1 })).toBe('<meta name="p5-mqtt-ws-port" content="1">\n<p>hi</p>');
  });
});
