export interface Point {
  x: number;
  y: number;
}

export interface PlacedClient extends Point {
  /** Its angle on the ring (0 = right, clockwise, as canvas y grows downwards): labels go outward. */
  angle: number;
}

export interface GraphLayoutInput {
  width: number;
  height: number;
  /** Room kept beside the ring (left and right) and above and below it, for the clients' labels. */
  labelRoom: Point;
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
 * Clients on an outer ellipse, topics inside, each topic turned towards the clients it
 * links (fewer crossing lines than topics in a fixed order) while keeping equal spacing, so
 * nothing overlaps however many arrive. Deterministic: the same input gives the same layout,
 * so nodes only move when someone joins or leaves (and the page eases them there).
 *
 * @example
 * layoutGraph({ width: 1280, height: 720, labelRoom: { x: 200, y: 60 }, clients: ['a', 'b'], topics: ['hello'], neighbours: () => ['a', 'b'] });
 */
export function layoutGraph(input: GraphLayoutInput): GraphLayout {
  const { width, height } = input;
  const cx = width / 2;
  const cy = height / 2;
  const rx = Math.max(30, width / 2 - Math.min(input.labelRoom.x, width * 0.25));
  const ry = Math.max(30, height / 2 - Math.min(input.labelRoom.y, height * 0.2));

  const clients = new Map<string, PlacedClient>();
  input.clients.forEach((id, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / input.clients.length;
    clients.set(id, { x: cx + rx * Math.cos(angle), y: cy + ry * Math.sin(angle), angle });
  });

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
