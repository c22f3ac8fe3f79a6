/** What is used of the Screen Wake Lock API, so tests can hand in a stand-in. */
interface WakeLockSentinelLike {
  readonly released: boolean;
  release(): Promise<void>;
}
interface WakeLockLike {
  request(type: 'screen'): Promise<WakeLockSentinelLike>;
}

/**
 * Keeps the screen from sleeping while the page is visible, where the browser allows it
 * (the Screen Wake Lock API: secure pages — `localhost` counts — in Chromium and others).
 * Browsers drop the lock whenever the page is hidden, so it is asked for again each time
 * the page becomes visible. Where unsupported or refused, nothing happens and nothing is
 * thrown: the display's own power settings then decide (docs/installation.md turns them off).
 * Returns the function that lets the screen sleep again.
 */
export function keepScreenAwake(
  wakeLock: WakeLockLike | undefined = (globalThis.navigator as { wakeLock?: WakeLockLike } | undefined)?.wakeLock,
  doc: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'> | undefined = globalThis.document,
): () => void {
  if (typeof wakeLock?.request !== 'function' || !doc) return () => {};
  let sentinel: WakeLockSentinelLike | undefined;
  let asking = false;
  let stopped = false;
  let told = false;
  const ask = async () => {
    if (stopped || asking || doc.visibilityState !== 'visible' || (sentinel && !sentinel.released)) return;
    asking = true;
    try {
      sentinel = await wakeLock.request('screen');
      if (stopped) await sentinel.release();
    } catch (error) {
      // Refused (a permissions policy, a battery saver): not the audience's business. Said
      // once, as information, for whoever opens the console.
      if (!told) console.info(`[kiosk] The browser would not keep the screen awake (${(error as Error)?.message ?? error}); its power settings decide.`);
      told = true;
    } finally {
      asking = false;
    }
  };
  const onVisibility = () => void ask();
  doc.addEventListener('visibilitychange', onVisibility);
  void ask();
  return () => {
    stopped = true;
    doc.removeEventListener('visibilitychange', onVisibility);
    void sentinel?.release().catch(() => {});
  };
}
