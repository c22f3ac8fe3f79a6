import type { CDPSession, Page } from 'playwright-core';

/** Live JS heap of a page and of its Web Worker (the kit's MQTT connection lives there). */
export interface HeapReader {
  /** Forces a full GC first, so what remains is what the page holds on to. Bytes. */
  page(): Promise<number>;
  /** Same for the page's first dedicated worker; undefined when it has none (naive pages). */
  worker(): Promise<number | undefined>;
}

/**
 * Reads heaps through the Chrome DevTools Protocol. The page: `HeapProfiler.collectGarbage`
 * then `Performance.getMetrics` → JSHeapUsedSize. The worker has its own V8 heap, which
 * the page's metrics leave out; Playwright gives no CDP session for workers, so we attach
 * to the worker target from the page's session (non-flat mode: commands and answers travel
 * wrapped in `Target.sendMessageToTarget` / `receivedMessageFromTarget`), then GC and
 * `Runtime.getHeapUsage` there.
 */
export async function readHeaps(page: Page): Promise<HeapReader> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const worker = await attachWorker(cdp, new URL(page.url()).origin);
  return {
    async page() {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
      if (used === undefined) throw new Error('Performance.getMetrics gave no JSHeapUsedSize');
      return used;
    },
    async worker() {
      if (!worker) return undefined;
      await worker('HeapProfiler.collectGarbage');
      const usage = (await worker('Runtime.getHeapUsage')) as { usedSize?: number };
      return usage.usedSize;
    },
  };
}

type WorkerCall = (method: string) => Promise<unknown>;

async function attachWorker(cdp: CDPSession, origin: string): Promise<WorkerCall | undefined> {
  // The browser's targets, not just this page's: ours is the worker served from the page's origin.
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'worker' && t.url.startsWith(origin));
  if (!target) return undefined;
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    const call = message.id === undefined ? undefined : waiting.get(message.id);
    if (!call) return;
    waiting.delete(message.id!);
    if (message.error) call.reject(new Error(message.error.message));
    else call.resolve(message.result);
  });
  let nextId = 1;
  return (method) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(reject);
    });
}
