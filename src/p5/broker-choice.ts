/**
 * Which broker a sketch page talks to. The person at the page decides last: `?broker=URL`
 * in the address (the gallery's broker selector writes it) beats what the sketch's code
 * says, which beats `VITE_MQTT_URL` at build time, which beats the default — the
 * embedded broker that served the page.
 *
 * @example
 * // /sketches/hello/?broker=wss://public:public@public.cloud.shiftr.io
 * chooseBrokerUrl('mqtt://localhost') // 'wss://public:public@public.cloud.shiftr.io'
 */
export function chooseBrokerUrl(fromCode?: string, search = globalThis.location?.search ?? ''): string | undefined {
  const fromPage = new URLSearchParams(search).get('broker')?.trim();
  if (fromPage) return fromPage;
  if (fromCode) return fromCode;
  const fromBuild = (import.meta.env?.VITE_MQTT_URL as string | undefined)?.trim();
  return fromBuild || undefined;
}
