/**
 * The live class graph (/class/): every client connected to the kit's broker and every
 * topic in use, a line where a client publishes or subscribes, and each message as a dot
 * travelling from its publisher through its topic to each subscriber — for a projector.
 * It reads the broker's activity feed on `$SYS/kit/…` (src/kit/activity-feed.ts), which only
 * accounts with `$SYS` rights may read (admin, a class's teacher), so the page starts with a
 * login form.
 */
import p5 from '../../p5/p5-text.js';
import { mqttAddon, mqttSketch, type MqttClient } from '../../p5/index.js';
import { ACTIVITY_TOPIC, CLIENTS_TOPIC, FEED_FILTER, parseActivityBatch, parseClientsSnapshot } from '../../kit/activity-feed.js';
import { drawGraph, type GraphScene } from './draw-graph.js';
import { drawLegend, drawTooltip, layoutLegend, nodeAt, reserveLegend } from './graph-overlays.js';
import { COLOURS, formatRate, ProfileColours, unitOf } from './graph-style.js';
import { ClassGraphModel } from './graph-model.js';
import { layoutGraph, RING_CLIENTS, type Point } from './graph-layout.js';
import { fitText, LabelSpace, TextWidths, type DrawnLabel } from './label-space.js';
import { mountLoginForm, type Credentials } from './login-form.js';
import { clientKey, MessageDots, topicKey } from './message-dots.js';
import { NodePositions } from './node-positions.js';
import { translatePage } from '../../kit/translate-page.js';
import { describeStatus } from '../../texts/status-words.js';

p5.registerAddon(mqttAddon);

/** Labels drawn at most (the busiest first, where they do not cover another): hover shows the rest. */
const MAX_LABELS = 120;

/** The page's words in the browser's language (src/texts/page-texts.ts), its static ones put in place. */
const texts = translatePage();

/** What a test (or a curious teacher, in the console) can read: `classGraph.summary()`. */
declare global {
  interface Window {
    classGraph?: {
      summary(): ReturnType<ClassGraphModel['summary']> & {
        ownId?: string; status: string; dotsDrawn: number; dotsMerged: number;
        /** Every label of the last frame with its box, and the canvas they must fit. */
        labels: DrawnLabel[]; canvas: { width: number; height: number };
      };
    };
  }
}

new p5(mqttSketch((p) => {
  const model = new ClassGraphModel();
  const dots = new MessageDots();
  const scene: GraphScene = { model, positions: new NodePositions(), dots, ownId: undefined, texts, colours: new ProfileColours(), sides: new Map(), widths: new TextWidths(), labels: [] };
  let client: MqttClient | undefined;
  let dotsDrawn = 0;
  let attempt = 0;
  const login = mountLoginForm(document.querySelector<HTMLFormElement>('#login')!, (credentials) => void logIn(credentials));
  if (setBrokerChoiceAside()) login.status(texts.brokerChoiceAside);

  window.classGraph = {
    summary: () => ({
      ...model.summary(performance.now()), ownId: scene.ownId, status: client?.status ?? 'logged out', dotsDrawn, dotsMerged: dots.merged,
      labels: scene.labels.map((label) => ({ ...label })), canvas: { width: p.width, height: p.height },
    }),
  };

  p.setup = () => {
    p.createCanvas(p.windowWidth, p.windowHeight);
    p.textFont('system-ui, sans-serif');
  };

  p.windowResized = () => p.resizeCanvas(p.windowWidth, p.windowHeight);

  p.draw = () => {
    const now = performance.now();
    model.prune(now);
    const unit = unitOf(p);
    scene.labels = [];
    const space = new LabelSpace(MAX_LABELS);
    const legend = layoutLegend(p, [...new Set([...model.clients.values()].map((c) => c.profile))].sort(), scene.colours, scene.widths, texts);
    reserveLegend(legend, space, scene.labels);
    const status = reserveStatus(now, space);
    // The top band clears the "← gallery" link and the status line; the bottom one, the legend.
    scene.positions.update(targets({ top: unit * 2, bottom: legend.height }), p.deltaTime);
    p.background(COLOURS.background);
    dotsDrawn = drawGraph(p, scene, now, space);
    drawStatus(status);
    drawLegend(p, legend);
    const hover = nodeAt(p, scene, p.mouseX, p.mouseY);
    if (hover) drawTooltip(p, scene, hover, p.mouseX, p.mouseY, now);
  };

  async function logIn({ username, password }: Credentials): Promise<void> {
    const mine = ++attempt;
    await client?.disconnect();
    model.clear();
    dots.clear();
    const url = `mqtt://${encodeURIComponent(username)}:${encodeURIComponent(password)}@localhost`;
    const id = `class-graph-${Math.random().toString(36).slice(2, 8)}`;
    // The page says what went wrong itself (login form, status line): no HUD, no console lines.
    // Refused logins were typed into this page's fields, not written in a URL: the hint says so.
    const next = p.connectMqtt(url, id, { hud: false, loginHint: texts.formLoginHint });
    client = next;
    scene.ownId = id;
    next.on('error', () => {});
    next.on('status', ({ reason }) => login.status(describeStatus(reason, texts.language)));
    const granted = await next.subscribe(FEED_FILTER, (message) => {
      const now = performance.now();
      if (message.topic === CLIENTS_TOPIC) {
        const snapshot = parseClientsSnapshot(message.text);
        if (snapshot) model.applySnapshot(snapshot, now);
      } else if (message.topic === ACTIVITY_TOPIC) {
        const batch = parseActivityBatch(message.text);
        if (batch) dots.spawn(model.applyBatch(batch, now), now);
      }
    });
    if (mine !== attempt) return;
    if (granted) return login.hide();
    // Refused: the password (the connection failed) or the profile (the subscription did).
    const why = next.status === 'error' ? describeStatus(next.statusReason, texts.language) : `${texts.mayNotRead(username)} ${texts.activityRightsNeeded}`;
    await next.disconnect();
    login.show(why);
  }

  /** Where every node should be: the layout of who is here now. */
  function targets(bands: { top: number; bottom: number }): Map<string, Point> {
    const neighbours = new Map<string, Set<string>>();
    const link = (topic: string, clientId: string) => (neighbours.get(topic) ?? neighbours.set(topic, new Set()).get(topic)!).add(clientId);
    for (const l of model.publishLinks.values()) link(l.topic, l.clientId);
    for (const c of model.clients.values()) for (const filter of c.subscriptions) link(filter, c.id);
    const clients = [...model.clients.values()].sort((a, b) => a.connectedAt - b.connectedAt || (a.id < b.id ? -1 : 1)).map((c) => c.id);
    const unit = unitOf(p);
    const layout = layoutGraph({
      width: p.width,
      height: p.height,
      // Beside the ring, the widest label there may be (ids are shortened to 24 characters);
      // above and below, two lines of label on a ring, half a label's height in columns.
      labelRoom: { x: Math.max(unit * 8, widestLabel(unit)), y: clients.length > RING_CLIENTS ? unit : unit * 3.4 },
      bands,
      clients,
      topics: [...model.topics.keys()].sort(),
      neighbours: (topic) => [...(neighbours.get(topic) ?? [])],
    });
    const all = new Map<string, Point>();
    scene.sides.clear();
    for (const [id, point] of layout.clients) {
      all.set(clientKey(id), point);
      scene.sides.set(id, point.side);
    }
    for (const [name, point] of layout.topics) all.set(topicKey(name), point);
    return all;
  }

  /** The widest client label now, with the node and gap beside it. */
  function widestLabel(unit: number): number {
    let widest = 0;
    for (const c of model.clients.values()) widest = Math.max(widest, scene.widths.of(p, c.id.slice(0, 24), unit * 0.9));
    return widest + unit * 1.6;
  }

  /** The status line, top right, clear of the "← gallery" link: the graph's labels keep out of its box. */
  function reserveStatus(now: number, space: LabelSpace): { text: string; x: number; y: number } {
    const unit = unitOf(p);
    const counts = `${texts.counts(model.clients.size, model.omittedClients, model.topics.size)} · ${formatRate(model.total.perSecond(now))}`;
    const connection = client?.connected ? client.target : client ? describeStatus(client.statusReason, texts.language) : texts.notLoggedIn;
    // Shortened rather than run under the "← gallery" link in a narrow window.
    const text = fitText(p, scene.widths, `${counts}   ${connection}`, unit * 0.75, p.width - unit * 7);
    const box = { x: p.width - unit * 0.6 - scene.widths.of(p, text, unit * 0.75), y: unit * 0.4, w: scene.widths.of(p, text, unit * 0.75), h: unit * 1.1 };
    space.reserve(box);
    scene.labels.push({ kind: 'status', text, ...box });
    return { text, x: box.x + box.w, y: box.y };
  }

  function drawStatus(status: { text: string; x: number; y: number }): void {
    const unit = unitOf(p);
    p.noStroke();
    p.textAlign(p.RIGHT, p.TOP);
    p.textSize(unit * 0.75);
    p.fill(COLOURS.muted);
    p.text(status.text, status.x, status.y);
    if (client?.connected && model.clients.size <= 1) {
      p.textAlign(p.CENTER, p.CENTER);
      p.textSize(unit * 1.1);
      p.fill(COLOURS.text);
      p.text(texts.nobodyYet, p.width / 2, p.height / 2);
    }
  }
}), document.getElementById('graph')!);

/**
 * The feed is the kit broker's own, and connectInPage lets `?broker=` (which the gallery adds
 * to its links for a broker chosen there, shiftr.io say) win over the login's URL, password
 * and all. So the parameter leaves the address, and the page reads the broker that served it.
 */
function setBrokerChoiceAside(): boolean {
  const params = new URLSearchParams(location.search);
  if (!params.has('broker')) return false;
  params.delete('broker');
  const query = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  return true;
}
