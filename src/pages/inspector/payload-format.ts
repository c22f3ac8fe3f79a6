// A payload as the inspector shows it: one line in the tree, or whole as text, JSON or hex.
// None of these throws, whatever the bytes. No DOM in this file.
import { createMessage } from '../../mqtt/payload.js';

export type PayloadView = 'text' | 'json' | 'hex';

const decoder = new TextDecoder('utf-8', { fatal: false });
/** Bytes shown as hex: 256 lines of 16; a bigger payload is cut with a note. */
export const MAX_HEX_BYTES = 4096;
// Line breaks and other control characters would break a one-line preview.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]+/g;

/** The start of a payload on one line, for a row of the topic tree. */
export function previewPayload(bytes: Uint8Array, max = 80): string {
  if (bytes.byteLength === 0) return '';
  // Only the start is decoded: a 64 KB payload costs no more than a short one.
  const text = decoder.decode(bytes.subarray(0, max * 4)).replace(CONTROL, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The payload in the chosen view, and a note when it is not what was asked for in full
 * (not JSON, cut short).
 */
export function formatPayload(bytes: Uint8Array, size: number, view: PayloadView): { text: string; note?: string } {
  const cut = size > bytes.byteLength ? `Showing the first ${formatSize(bytes.byteLength)} of ${formatSize(size)}.` : undefined;
  if (size === 0) return { text: '', note: 'Empty payload (0 bytes).' };
  if (view === 'hex') {
    const shown = bytes.subarray(0, MAX_HEX_BYTES);
    const note = size > shown.byteLength ? `Showing the first ${formatSize(shown.byteLength)} of ${formatSize(size)}.` : undefined;
    return { text: hexDump(shown), ...(note ? { note } : {}) };
  }
  const message = createMessage('', bytes);
  if (view === 'json') {
    const json = message.json;
    if (json !== undefined) return { text: JSON.stringify(json, null, 2), ...(cut ? { note: cut } : {}) };
    return { text: message.text, note: cut ?? 'Not valid JSON; shown as text.' };
  }
  return { text: message.text, ...(cut ? { note: cut } : {}) };
}

/** `00000000  68 65 6c 6c 6f                                    |hello|`, 16 bytes a line. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += 16) {
    const line = bytes.subarray(offset, offset + 16);
    const hex = Array.from(line, (b) => b.toString(16).padStart(2, '0'));
    const left = hex.slice(0, 8).join(' ');
    const right = hex.slice(8).join(' ');
    const ascii = Array.from(line, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${ascii}|`);
  }
  return lines.join('\n');
}

/** `512 B`, `1.5 KB`, `2.0 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `0`, `0.4`, `12`, `20k`: a rate readable at a glance, never `12.3456`. */
export function formatRate(perSecond: number): string {
  if (perSecond < 0.05) return '0';
  if (perSecond < 9.95) return perSecond.toFixed(1);
  if (perSecond < 10_000) return String(Math.round(perSecond));
  return `${Math.round(perSecond / 1000)}k`;
}
