import { describe, expect, it } from 'vitest';
import { PIECE_CONFIG_ID, pieceConfig, pieceConfigScript } from '../../src/kit/piece-config.js';

/** Just what pieceConfig() reads of a document: the text of the element with the id, parsed from `html`. */
function pageWith(html: string): Document {
  const match = new RegExp(`<script type="application/json" id="${PIECE_CONFIG_ID}">([^]*?)</script>`).exec(html);
  return { getElementById: (id: string) => (id === PIECE_CONFIG_ID && match ? { textContent: match[1] } : null) } as unknown as Document;
}

describe('the piece config a page is handed', () => {
  it('round-trips what serve writes', () => {
    const config = { broker: 'wss://piece:secret@mqtt.venue.example/mqtt', kiosk: { stallMs: 20_000 } };
    expect(pieceConfig(pageWith(pieceConfigScript(config)))).toEqual(config);
  });

  it('cannot close its script element early, whatever the values hold', () => {
    const tag = pieceConfigScript({ broker: 'ws://x</script><script>alert(1)</script>' });
    expect(tag.match(/<\/script>/g)).toHaveLength(1);
    expect(pieceConfig(pageWith(tag)).broker).toBe('ws://x</script><script>alert(1)</script>');
  });

  it('is empty on a page without one, or with something other than an object in it', () => {
    expect(pieceConfig(pageWith('<p>no config</p>'))).toEqual({});
    expect(pieceConfig(undefined)).toEqual({});
    for (const text of ['not json', '42', 'null', '"text"']) {
      expect(pieceConfig(pageWith(`<script type="application/json" id="${PIECE_CONFIG_ID}">${text}</script>`))).toEqual({});
    }
  });
});
