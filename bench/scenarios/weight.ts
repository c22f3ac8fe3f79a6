import { Cleanup, sleep } from '../lib/cleanup.js';
import { connectNodeClient, type BenchContext } from '../lib/context.js';
import { startKitBroker } from '../lib/kit-broker.js';
import { WIRINGS, openSketch, recordWeight, sketchUrl, type PageWeight, type SketchName, type Wiring } from '../lib/pages.js';
import type { Scenario } from '../lib/report.js';
import { SKETCH_TOPICS } from './flood.js';

/**
 * What a built page really fetches while it starts, connects and draws a message (so the
 * kit's worker chunk, fetched only when the sketch connects, counts). The flood scenario
 * records this as it opens the same pages; when it did not run, the pages are loaded here.
 */
async function load(ctx: BenchContext, sketch: SketchName, wiring: Wiring): Promise<PageWeight> {
  const scope = new Cleanup();
  try {
    const broker = await startKitBroker(scope);
    const pinger = await connectNodeClient(broker.urls.tcp, scope);
    const [sites, browser] = await Promise.all([ctx.shared.sites(), ctx.shared.browser()]);
    let weigh: (() => Promise<PageWeight>) | undefined;
    await openSketch(browser, sketchUrl(sites, wiring, sketch, broker.wsPort), scope, async () => {
      await pinger.publishAsync(SKETCH_TOPICS[sketch][0]!, '50');
    }, (page) => (weigh = recordWeight(page)));
    await sleep(500);
    return await weigh!();
  } finally {
    await scope.run();
  }
}

export const weightScenario: Scenario = {
  name: 'weight',
  kit: 'the built sketches/hello and sketches/sensors pages, worker chunk included',
  baseline: 'the built bench/naive pages (p5 whole + MQTT.js browser build)',
  timeoutSeconds: () => 90,
  async run(ctx, out) {
    for (const sketch of ['hello', 'sensors'] as const) {
      const loaded: Partial<Record<Wiring, PageWeight>> = {};
      out.details[sketch] = loaded;
      for (const wiring of WIRINGS) {
        const recorded = ctx.shared.weights.get(`${wiring}/${sketch}`);
        if (!recorded) ctx.log(`weight: ${sketch}, ${wiring}`);
        loaded[wiring] = recorded ?? (await load(ctx, sketch, wiring));
      }
      const { kit, naive } = loaded as Record<Wiring, PageWeight>;
      out.rows.push(
        {
          metric: `${sketch}: JavaScript loaded, gzip KB`,
          kit: kit.jsGzip / 1024,
          baseline: naive.jsGzip / 1024,
          ...(sketch === 'hello' ? { goal: '≤ 0.5×', met: (_k: number, _b: number, r: number) => r <= 0.5 } : {}),
        },
        { metric: `${sketch}: JavaScript loaded, raw KB`, kit: kit.jsRaw / 1024, baseline: naive.jsRaw / 1024 },
      );
    }
    out.notes.push("bytes as Chromium fetched them while the page loaded, connected and drew a message (the kit's worker chunk included); files in results.json");
  },
};
