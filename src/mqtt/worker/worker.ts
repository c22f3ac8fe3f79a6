/// <reference lib="webworker" />
// Entry point of the Web Worker that owns the MQTT connection in a browser.
import { serveTransport } from './host.js';

serveTransport(self as unknown as import('./host.js').Port);
