/** On <html> while the page runs as a kiosk. */
export const KIOSK_CLASS = 'p5-mqtt-kiosk';
/** On a canvas the kiosk moved to the window's corner because the page had put it elsewhere. */
export const PINNED_CLASS = 'p5-mqtt-kiosk-pinned';
const STYLE_ID = 'p5-mqtt-kiosk-style';

// `!important` on the cursor because p5's cursor() writes it on the canvas element itself.
// The kit's page bar (body > nav) is for people browsing sketches, not for a piece.
const CSS = `
html.${KIOSK_CLASS}, html.${KIOSK_CLASS} * { cursor: none !important; }
html.${KIOSK_CLASS} body { margin: 0; overflow: hidden; }
html.${KIOSK_CLASS} body > nav { display: none; }
html.${KIOSK_CLASS} .${PINNED_CLASS} { position: fixed !important; left: 0 !important; top: 0 !important; }
`;

/** Hides the cursor and the page bar and takes the margins away, once per page. */
export function applyKioskStyle(doc: Document = document): void {
  doc.documentElement.classList.add(KIOSK_CLASS);
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.append(style);
}

