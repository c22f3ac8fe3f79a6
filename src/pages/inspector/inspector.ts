// The message inspector (/inspector/): every topic the broker sends this page, live, with a
// publish form and a subscribe box. Each message is only counted and kept as its topic's
// latest (TopicStore); the page is redrawn from that store a few times a second, so a flood
// costs a bounded number of DOM writes however many messages arrive.
import { chooseBrokerUrl } from '../../kit/broker-choice.js';
import { connectInPage } from '../../kit/connect-in-page.js';
import { withKitLogin } from '../../kit/kit-login.js';
import { pageBroker, pageBrokerAddress } from '../../kit/page-broker.js';
import type { MqttClient } from '../../mqtt/client.js';
import { joinLogin, splitLogin, type BrokerLogin } from './broker-login.js';
import { MessageView } from './message-view.js';
import { formatRate } from './payload-format.js';
import { mountPublishForm } from './publish-form.js';
import { SubscriptionsPanel } from './subscriptions-panel.js';
import { TopicStore } from './topic-store.js';
import { TopicTreeView } from './topic-tree-view.js';
import { translatePage } from '../../kit/translate-page.js';
import { describeStatus } from '../../texts/status-words.js';

/** Redraws per second at most: enough to read values change, few enough to stay cheap. */
const RENDER_EVERY_MS = 250;
const RATES_EVERY_MS = 1000;
const DEFAULT_USER = { username: 'public', password: 'public' };
/** The page's static words in the browser's language; the connection's status worded in it too. */
const texts = translatePage();

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

const store = new TopicStore();
const message = new MessageView({
  topic: $('#message-topic'),
  meta: $('#message-meta'),
  views: $<HTMLFieldSetElement>('#payload-views'),
  note: $('#payload-note'),
  payload: $<HTMLPreElement>('#payload'),
});
const tree = new TopicTreeView(store, $<HTMLUListElement>('#topic-tree'), $('#topic-more'), (node) => message.render(node));

let client: MqttClient | undefined;
let lastError: string | undefined;

const subscriptions = new SubscriptionsPanel($<HTMLFormElement>('#subscribe'), $<HTMLUListElement>('#filters'), {
  async subscribe({ filter, qos }) {
    if (!client) return 'not connected';
    const ok = await client.subscribe(filter, { qos });
    return ok ? undefined : (lastError ?? 'refused');
  },
  unsubscribe(filter) {
    void client?.unsubscribe(filter);
  },
});

mountPublishForm($<HTMLFormElement>('#publish'), async (topic, payload, options) => {
  if (!client) return 'not connected';
  const ok = await client.publish(topic, payload, options);
  return ok ? undefined : (lastError ?? 'not sent');
});

// The login form starts from the broker the kit would pick for this page: ?broker= in its
// address, the broker the site was built for, or the kit's broker that served it.
const login = {
  form: $<HTMLFormElement>('#login'),
  address: $<HTMLInputElement>('#broker-url'),
  username: $<HTMLInputElement>('#broker-user'),
  password: $<HTMLInputElement>('#broker-password'),
  disconnect: $<HTMLButtonElement>('#disconnect'),
  status: $('#connection'),
  error: $('#connection-error'),
};
// A student who came in from a class card finds their own login here (kit-login.ts).
const address = chooseBrokerUrl(undefined) ?? pageBrokerAddress();
const initial = splitLogin(withKitLogin(address, pageBroker()) ?? address, DEFAULT_USER);
login.address.value = initial.address;
login.username.value = initial.username;
login.password.value = initial.password;

login.form.addEventListener('submit', (event) => {
  event.preventDefault();
  connectAs({ address: login.address.value, username: login.username.value, password: login.password.value });
});
login.disconnect.addEventListener('click', () => void client?.disconnect());

$<HTMLInputElement>('#topic-search').addEventListener('input', (event) => tree.search((event.target as HTMLInputElement).value));
$<HTMLButtonElement>('#clear-topics').addEventListener('click', () => {
  store.clear();
  tree.reset();
  message.render(undefined);
});

function connectAs(details: BrokerLogin): void {
  void client?.disconnect();
  store.clear();
  tree.reset();
  message.render(undefined);
  lastError = undefined;
  showError();
  const url = joinLogin(details);
  keepAddressInStep(url);
  // Messages are counted as they arrive rather than queued for a frame: the store is the
  // queue here, holding one message per topic, so nothing is dropped and counts stay exact.
  // Exactly the login in the fields, and refusals point at them.
  const next = connectInPage(url, `inspector-${Math.random().toString(36).slice(2, 8)}`, { deliver: 'immediate', kitLogin: false, loginHint: texts.formLoginHint });
  client = next;
  next.on('message', (m) => store.record(m));
  next.on('status', ({ status, reason }) => {
    if (client === next) showStatus(status, describeStatus(reason, texts.language));
  });
  next.on('error', (error) => {
    if (client !== next) return;
    lastError = error.message;
    showError();
  });
  next.on('connected', () => {
    if (client !== next) return;
    lastError = undefined;
    showError();
  });
  showStatus(next.status, describeStatus(next.statusReason, texts.language));
  for (const entry of subscriptions.entries) subscriptions.apply(entry);
}

/**
 * connectInPage lets `?broker=` in the page address win over the URL it is given. The form
 * was filled from that parameter, so what the form says now becomes it: the connection and
 * the address agree, and a reload connects where the form last did.
 */
function keepAddressInStep(url: string): void {
  const params = new URLSearchParams(location.search);
  if (!params.has('broker') || params.get('broker') === url) return;
  params.set('broker', url);
  history.replaceState(history.state, '', `${location.pathname}?${params}${location.hash}`);
}

function showStatus(status: string, text: string): void {
  login.status.dataset.status = status;
  login.status.textContent = text;
  login.disconnect.disabled = status === 'offline' || status === 'error';
}

function showError(): void {
  login.error.textContent = lastError ?? '';
  login.error.hidden = lastError === undefined;
}

const totals = $('#totals');
const empty = $('#topic-empty');
let lastRender = -Infinity;
let lastRates = -Infinity;

function frame(now: number): void {
  requestAnimationFrame(frame);
  if (now - lastRender < RENDER_EVERY_MS) return;
  lastRender = now;
  if (now - lastRates >= RATES_EVERY_MS) {
    store.sampleRates(now);
    lastRates = now;
  }
  store.settle();
  tree.render();
  message.render(tree.selected);
  const beyond = store.untracked > 0 ? ` · ${store.untracked.toLocaleString('en')} on topics beyond the first ${store.topicCount.toLocaleString('en')}, counted only` : '';
  const text = `${store.topicCount.toLocaleString('en')} topics · ${store.received.toLocaleString('en')} messages · ${formatRate(store.rate)} msg/s${beyond}`;
  if (totals.textContent !== text) totals.textContent = text;
  empty.hidden = store.received > 0;
}

connectAs(initial);
subscriptions.add({ filter: '#', qos: 0 });
requestAnimationFrame(frame);
