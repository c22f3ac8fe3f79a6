import { describe, expect, it } from 'vitest';
import { layoutGraph, type GraphLayoutInput } from '../../../src/pages/class/graph-layout.js';

const input = (clients: number, topics: number, neighbours: GraphLayoutInput['neighbours'] = () => []): GraphLayoutInput => ({
  width: 1280,
  height: 720,
  labelRoom: { x: 200, y: 60 },
  clients: Array.from({ length: clients }, (_, i) => `c${i}`),
  topics: Array.from({ length: topics }, (_, i) => `t${i}`),
  neighbours,
});

describe('layoutGraph', () => {
  it('keeps every node inside the canvas, clear of the label room, and apart from the others', () => {
    for (const [clients, topics] of [[1, 0], [2, 1], [30, 8], [120, 60]] as const) {
      const layout = layoutGraph(input(clients, topics));
      const points = [...layout.clients.values(), ...layout.topics.values()];
      expect(points).toHaveLength(clients + topics);
      for (const { x, y } of points) {
        expect(x).toBeGreaterThanOrEqual(200);
        expect(x).toBeLessThanOrEqual(1080);
        expect(y).toBeGreaterThanOrEqual(60);
        expect(y).toBeLessThanOrEqual(660);
      }
      const keys = new Set(points.map(({ x, y }) => `${Math.round(x)},${Math.round(y)}`));
      expect(keys.size).toBe(points.length);
    }
  });

  it('puts the first client at the top, a lone topic in the middle, topics inside the ring', () => {
    const layout = layoutGraph(input(4, 1));
    expect(layout.clients.get('c0')).toMatchObject({ x: 640, y: 60 });
    expect(layout.topics.get('t0')).toEqual({ x: 640, y: 360 });
    const several = layoutGraph(input(4, 6));
    for (const { x, y } of several.topics.values()) expect(Math.hypot((x - 640) / 440, (y - 360) / 300)).toBeLessThan(0.6);
  });

  it('turns each topic towards the clients it links', () => {
    // c0 is at the top, c2 at the bottom: t0 links only c0, t1 only c2.
    const layout = layoutGraph(input(4, 2, (topic) => (topic === 't0' ? ['c0'] : ['c2'])));
    expect(layout.topics.get('t0')!.y).toBeLessThan(360);
    expect(layout.topics.get('t1')!.y).toBeGreaterThan(360);
  });

  it('gives the same layout for the same input', () => {
    const neighbours = (topic: string) => [`c${topic.length}`];
    expect(layoutGraph(input(10, 5, neighbours))).toEqual(layoutGraph(input(10, 5, neighbours)));
  });
});
