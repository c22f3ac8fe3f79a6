export interface Point {
  x: number;
  y: number;
}

export interface PlacedClient extends Point {
  /** Its angle on the ring (0 = right, clockwise, as canvas y grows downwards): labels go outward. */
  angle: number;
  /** Where its label goes: 1 to the right of it, -1 to the left, 0 above or below it. */
  side: -1 | 0 | 1;
}

export interface GraphLayoutInput {
  width: number;
  height: number;
  /** Room kept beside the ring (left and right) and above and below it, for the clients' labels. */
  labelRoom: Point;
  /** Bands at the top and bottom of the canvas taken by other things (a status line, a legend). */
  bands?: { top: number; bottom: number };
  /** Client ids in the order to place them around the ring (who came first sits at the top). */
  clients: string[];
  topics: string[];
  /** Clients linked to a topic (publishing or subscribing): a topic is placed towards them. */
  neighbours(topic: string): string[];
}

export interface GraphLayout {
  clients: Map<string, PlacedClient>;
  topics: Map<string, Point>;
}

/** Beyond this many topics, they take two inner rings so their labels do not collide. */
const ONE_RING_TOPICS = 12;
/**
 * Beyond this many clients, they stand in two curved columns, left and right, labels outward:
 * on a full ring the ones near the top and bottom sit side by side, closer than a label is
 * wide, so their labels covered each other and were left out.
 */
export const RING_CLIENTS = 12;

/**
 * Clients on an outer ellipse, topics inside, each topic turned towards the clients it
 * links (fewer crossing lines than topics in a fixed order) while keeping equal spacing, so
 * nothing overlaps however many arrive. Deterministic: the same input gives the same layout,
 * so nodes only move when someone joins or leaves (and the page eases them there).
 *
 * @example
 * layoutGraph({ width: 1280, height: 720, labelRoom: { x: 200, y: 60 }, clients: ['a', 'b'], topics: ['hello'], neighbours: () => ['a', 'b'] });
 */
export function layoutGraph(input: GraphLayoutInput): GraphLayout {
  const { width } = input;
  const bands = input.bands ?? { top: 0, bottom: 0 };
  const height = Math.max(60, input.height - bands.top - bands.bottom);
  const cx = width / 2;
  const cy = bands.top + height / 2;
  const rx = Math.max(30, width / 2 - Math.min(input.labelRoom.x, width * 0.3));
  const ry = Math.max(30, height / 2 - Math.min(input.labelRoom.y, height * 0.2));

  const clients = input.clients.length > RING_CLIENTS
    ? placeInColumns(input.clients, { cx, cy, rx, top: cy - ry, height: 2 * ry })
    : placeOnRing(input.clients, { cx, cy, rx, ry, width: input.width, height: input.height });

  const topics = new Map<string, Point>();
  const n = input.topics.length;
  if (n === 1) topics.set(input.topics[0]!, { x: cx, y: cy });
  if (n <= 1) return { clients, topics };

  const step = (2 * Math.PI) / n;
  const wanted = input.topics.map((name, i) => ({ name, angle: meanAngle(input.neighbours(name).flatMap((id) => clients.get(id)?.angle ?? [])) ?? i * step }));
  // Sorted by the angle each would like, then spaced evenly, turned as a whole to be as close
  // as it can to what they wanted.
  wanted.sort((a, b) => normalise(a.angle) - normalise(b.angle) || (a.name < b.name ? -1 : 1));
  const turn = meanAngle(wanted.map((topic, i) => topic.angle - i * step)) ?? 0;
  const twoRings = n > ONE_RING_TOPICS;
  wanted.forEach(({ name }, i) => {
    const angle = turn + i * step;
    const scale = twoRings ? (i % 2 === 0 ? 0.5 : 0.3) : 0.42;
    topics.set(name, { x: cx + rx * scale * Math.cos(angle), y: cy + ry * scale * Math.sin(angle) });
  });
  return { clients, topics };
}

function placeOnRing(ids: string[], ring: { cx: number; cy: number; rx: number; ry: number; width: number; height: number }): Map<string, PlacedClient> {
  const { cx, cy, rx, ry } = ring;
  const clients = new Map<string, PlacedClient>();
  ids.forEach((id, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / ids.length;
    const x = cx + rx * Math.cos(angle);
    const y = cy + ry * Math.sin(angle);
    // Beside the node on the sides, above or below it at the top and bottom.
    const dx = x - ring.width / 2;
    const dy = y - ring.height / 2;
    const side = Math.abs(dx) / (ring.width / 2) > 0.35 * (Math.abs(dy) / (ring.height / 2)) ? (Math.sign(dx) as -1 | 1) : 0;
    clients.set(id, { x, y, angle, side });
  });
  return clients;
}

/**
 * The first half down the right, the rest up the left (clockwise, like the ring), evenly
 * spaced in height, on the curve of an ellipse whose ends come in towards the middle.
 */
function placeInColumns(ids: string[], area: { cx: number; cy: number; rx: number; top: number; height: number }): Map<string, PlacedClient> {
  const clients = new Map<string, PlacedClient>();
  const right = Math.ceil(ids.length / 2);
  const rows = Math.max(right, 1);
  const pitch = area.height / rows;
  // The column's ends sit at 0.6 of the half width: sqrt(1 - 0.8²).
  const reach = (area.height / 2 - pitch / 2) / 0.8 || 1;
  ids.forEach((id, i) => {
    const onRight = i < right;
    const row = onRight ? i : ids.length - 1 - i;
    const y = area.top + pitch * (row + 0.5);
    const x = area.cx + (onRight ? 1 : -1) * area.rx * Math.sqrt(Math.max(0, 1 - ((y - area.cy) / reach) ** 2));
    clients.set(id, { x, y, angle: Math.atan2(y - area.cy, x - area.cx), side: onRight ? 1 : -1 });
  });
  return clients;
}

/** The circular mean of `angles`, or undefined when there are none (or they cancel out). */
function meanAngle(angles: number[]): number | undefined {
  if (angles.length === 0) return undefined;
  let x = 0;
  let y = 0;
  for (const angle of angles) {
    x += Math.cos(angle);
    y += Math.sin(angle);
  }
  return Math.hypot(x, y) < 1e-9 ? undefined : Math.atan2(y, x);
}

function normalise(angle: number): number {
  const full = 2 * Math.PI;
  return ((angle % full) + full) % full;
}
