// Kiosk pages: what a piece running unattended needs of its page. Re-exports only.
export { KIOSK_DEFAULTS, kioskOptionsProblem, kioskSettings, type KioskOptions, type KioskSettings } from './options.js';
export { kioskIsOn } from './kiosk-switch.js';
export { startPageKiosk, type KioskHooks, type PageKiosk } from './page-kiosk.js';
export { STATUS_TOPIC_PREFIX, statusTopic, type KioskState, type KioskStatus } from './status-report.js';
export { KIOSK_CLASS, PINNED_CLASS } from './kiosk-style.js';
export { keepScreenAwake } from './wake-lock.js';
