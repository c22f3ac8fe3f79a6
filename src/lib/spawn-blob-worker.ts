/**
 * The script-tag build's worker: this very file, loaded again inside a worker. A page has
 * one file to add (the p5 web editor's upload, a <script> tag), so there is no second
 * file to point a worker at; a tiny Blob that imports our own address does it, and keeps
 * MQTT.js in the file once for both the worker and the page fallback.
 */
// Only known while the <script> runs, so read now.
const ownAddress = typeof document === 'undefined' ? undefined : (document.currentScript as HTMLScriptElement | null)?.src;

export function spawnWorker(): Worker {
  if (!ownAddress) throw new Error('p5-mqtt.min.js was not loaded from a <script src>, so it cannot start itself as a worker');
  const blob = new Blob([`importScripts(${JSON.stringify(ownAddress)});`], { type: 'text/javascript' });
  const url = URL.createObjectURL(blob);
  // The worker fetches it at once; the URL is only kept for a browser slow to start it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return new Worker(url, { name: 'mqtt' });
}
