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
import { drawLegend, drawTooltip, nodeAt } from './graph-overlays.js';
import { COLOURS, formatRate, unitOf } from './graph-style.js';
import { ClassGraphModel } from './graph-model.js';
import { layoutGraph, type Point } from './graph-layout.js';
import { mountLoginForm, type Credentials } from './login-form.js';
import { clientKey, MessageDots, topicKey } from './message-dots.js';
import { NodePositions } from './node-positions.js';

p5.registerAddon(mqttAddon);

export const ACTIVITY_RIGHTS_NEEDED = "The class graph needs an account that may read $SYS: admin (its password is printed by npm start) or, in a class, the teacher's account from npm run class (professor unless you named another).";
/** Refused logins are typed into this page's fields, not written in a URL. */
export const FORM_LOGIN_HINT = 'Check the User and Password fields.';

/** What a test (or a curious teacher, in the console) can read: `classGraph.summary()`. */
declare global {
  interface Window {
    classGraph?: { summary(): ReturnType<ClassGraphModel['summary']> & { ownId?: string; status: string; dotsDrawn: number; dotsMerged: number } };
  }
}

new p5(mqttSketch((p) => {
  const model = new ClassGraphModel();
  const dots = new MessageDots();
  const scene: GraphScene = { model, positions: new NodePositions(), dots, ownId: undefined };
  let client: MqttClient | undefined;
  let dotsDrawn = 0;
  let attempt = 0;
  const login = mountLoginForm(document.querySelector<HTMLFormElement>('#login')!, (credentials) => void logIn(credentials));
  if (setBrokerChoiceAside()) login.status('The broker chosen in the gallery does not apply here: the class graph reads this kit’s own broker.');

  window.classGraph = {
    summary: () => ({ ...model.summary(performance.now()), ownId: scene.ownId, status: client?.status ?? 'logged out', dotsDrawn, dotsMerged: dots.merged }),
  };

  p.setup = () => {
    p.createCanvas(p.windowWidth, p.windowHeight);
    p.textFont('system-ui, sans-serif');
  };

  p.windowResized = () => p.resizeCanvas(p.windowWidth, p.windowHeight);

  p.draw = () => {
    const now = performance.now();
    model.prune(now);
    scene.positions.update(targets(), p.deltaTime);
    p.background(COLOURS.background);
    dotsDrawn = drawGraph(p, scene, now);
    drawStatus(now);
    drawLegend(p, [...new Set([...model.clients.values()].map((c) => c.profile))].sort());
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
    const next = p.connectMqtt(url, id, { hud: false, loginHint: FORM_LOGIN_HINT });
    client = next;
    scene.ownId = id;
    next.on('error', () => {});
    next.on('status', ({ text }) => login.status(text));
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
    const why = next.status === 'error' ? next.statusText : `'${username}' may not read the broker's activity. ${ACTIVITY_RIGHTS_NEEDED}`;
    await next.disconnect();
    login.show(why);
  }

  /** Where every node should be: the layout of who is here now. */
  function targets(): Map<string, Point> {
    const neighbours = new Map<string, Set<string>>();
    const link = (topic: string, clientId: string) => (neighbours.get(topic) ?? neighbours.set(topic, new Set()).get(topic)!).add(clientId);
    for (const l of model.publishLinks.values()) link(l.topic, l.clientId);
    for (const c of model.clients.values()) for (const filter of c.subscriptions) link(filter, c.id);
    const clients = [...model.clients.values()].sort((a, b) => a.connectedAt - b.connectedAt || (a.id < b.id ? -1 : 1)).map((c) => c.id);
    const unit = unitOf(p);
    const layout = layoutGraph({
      width: p.width,
      height: p.height,
      labelRoom: { x: unit * 12, y: unit * 3.4 },
      clients,
      topics: [...model.topics.keys()].sort(),
      neighbours: (topic) => [...(neighbours.get(topic) ?? [])],
    });
    const all = new Map<string, Point>();
    for (const [id, point] of layout.clients) all.set(clientKey(id), point);
    for (const [name, point] of layout.topics) all.set(topicKey(name), point);
    return all;
  }

  function drawStatus(now: number): void {
    const unit = unitOf(p);
    p.noStroke();
    p.textAlign(p.LEFT, p.BOTTOM);
    p.textSize(unit * 0.75);
    p.fill(COLOURS.muted);
    const counts = `${model.clients.size} client${model.clients.size === 1 ? '' : 's'}${model.omittedClients ? ` (+${model.omittedClients} not shown)` : ''} · ${model.topics.size} topic${model.topics.size === 1 ? '' : 's'} · ${formatRate(model.total.perSecond(now))}`;
    const connection = client?.connected ? client.target : (client?.statusText ?? 'not logged in');
    p.text(`${counts}   ${connection}`, unit * 0.6, p.height - unit * 0.5);
    if (client?.connected && model.clients.size <= 1) {
      p.textAlign(p.CENTER, p.CENTER);
      p.textSize(unit * 1.1);
      p.fill(COLOURS.text);
      p.text('Nobody else is here yet: open a sketch from the gallery, and it appears here.', p.width / 2, p.height / 2);
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
