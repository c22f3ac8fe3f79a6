import type { ClientStatus } from '../mqtt/transport.js';
import type { Language } from './language.js';

/**
 * The words of the HUD and of the kit's own pages (gallery, /class/, /inspector/, /serial/),
 * in English and Brazilian Portuguese. `ptBR` has the type of `en`, so a key missing from
 * either is a type error; keys named `…Html` hold markup written here (never user input).
 * Static page text is marked `data-text="key"` in the HTML (see src/kit/translate-page.ts).
 */
const en = {
  /** Which language these are: the status sentences are worded by describeStatus(reason, texts.language). */
  language: 'en' as Language,
  // The HUD (src/p5/hud.ts): state words, and the rate.
  status: { connecting: 'connecting', connected: 'connected', reconnecting: 'reconnecting', offline: 'offline', error: 'error' } satisfies Record<ClientStatus, string>,
  perSecond: 'msg/s',
  // A page with no sketch (src/p5/silent-page.ts).
  noSketchOnWindow: (names: string[]) => `No p5 sketch started, though window.${names.join(' and window.')} exist${names.length > 1 ? '' : 's'}: p5 assembled from modules (src/p5/p5-2d.js) does not start global mode by itself. Add \`new p5();\` after handing your functions to window.`,
  noSketch: 'No p5 sketch started: p5 found no setup() or draw(). In a module (a sketch.ts, or <script type="module">) functions are not global: end the file with `Object.assign(window, { setup, draw, messageReceived }); new p5();` (see sketches/_template-global), or use instance mode (sketches/_template).',

  // The gallery (index.html, src/pages/gallery).
  galleryIntro: 'Sketches that talk to each other, to sensors and to installations through an MQTT broker. Open a sketch in two tabs and watch them talk.',
  brokerLegend: 'Broker',
  brokerLocal: 'this kit’s broker',
  brokerShiftr: 'shiftr.io public',
  brokerCustom: 'custom URL',
  brokerUrlLabel: 'Broker URL',
  brokerUse: 'Use',
  brokerUrlHint: 'mqtt://, mqtts://, ws:// or wss://. Kept in this browser; sketch links carry it in their address, password included.',
  sketchesLabel: 'Sketches',
  toolsHeading: 'Tools',
  inspectorTitle: 'Message inspector',
  inspectorAbout: 'Every topic on the broker, live: latest message, rate, retained flag. Publish and subscribe by hand.',
  serialTitle: 'Serial bridge',
  serialAboutHtml: 'A board on this computer’s USB port (Arduino printing <code>topic:value</code> lines) publishing through the browser, where it has Web Serial.',
  classTitle: 'Live class graph',
  classAbout: 'Every client and topic on this kit’s broker, each message a dot on its way; for the projector. Log in as admin.',
  linksConnectTo: 'Sketch links connect to ',
  sketchesConnectTo: 'Sketches connect to ',
  setUpFor: (source: string) => `, the broker this site is set up for (${source}).`,
  pieceConfigSource: 'the piece’s kit.config.json',
  ownBrokerDev: ' — the kit’s own broker, which served this page.',
  ownBrokerBuilt: ' — the kit’s broker beside this site’s server (build with VITE_MQTT_URL=… to use another).',
  phonesOnNetwork: 'Phones and other computers on this network: ',
  qrOf: (url: string) => `QR code of ${url}`,

  // The class graph (class/index.html, src/pages/class).
  backToGallery: '← gallery',
  classIntroHtml: 'Every sketch, bot and tool connected to this kit’s broker, the topics they use, and each message as a dot on its way. It reads the broker’s activity (<code>$SYS</code>), so log in with an account that may: <code>admin</code> with the password <code>npm start</code> printed or, in a class made with <code>npm run class</code>, the teacher’s account on the teacher’s card (<code>professor</code> unless you named another).',
  user: 'User',
  password: 'Password',
  userPlaceholder: 'admin or professor',
  showClass: 'Show the class',
  formLoginHint: 'Check the User and Password fields.',
  activityRightsNeeded: "The class graph needs an account that may read $SYS: admin (its password is printed by npm start) or, in a class, the teacher's account from npm run class (professor unless you named another).",
  mayNotRead: (user: string) => `'${user}' may not read the broker's activity.`,
  brokerChoiceAside: 'The broker chosen in the gallery does not apply here: the class graph reads this kit’s own broker.',
  notLoggedIn: 'not logged in',
  thisPage: 'this page',
  counts: (clients: number, omitted: number, topics: number) => `${clients} client${clients === 1 ? '' : 's'}${omitted ? ` (+${omitted} not shown)` : ''} · ${topics} topic${topics === 1 ? '' : 's'}`,
  nobodyYet: 'Nobody else is here yet: open a sketch from the gallery, and it appears here.',
  legendTopic: 'topic',
  legendWildcard: 'wildcard filter',
};

export type PageTexts = typeof en;

const ptBR: PageTexts = {
  language: 'pt-BR',
  status: { connecting: 'conectando', connected: 'conectado', reconnecting: 'reconectando', offline: 'desconectado', error: 'erro' },
  perSecond: 'msg/s',
  noSketchOnWindow: (names) => `Nenhum sketch p5 começou, embora window.${names.join(' e window.')} exista${names.length > 1 ? 'm' : ''}: o p5 montado a partir de módulos (src/p5/p5-2d.js) não inicia o modo global sozinho. Acrescente \`new p5();\` depois de passar suas funções para window.`,
  noSketch: 'Nenhum sketch p5 começou: o p5 não encontrou setup() nem draw(). Num módulo (um sketch.ts, ou <script type="module">) as funções não são globais: termine o arquivo com `Object.assign(window, { setup, draw, messageReceived }); new p5();` (veja sketches/_template-global), ou use o modo instância (sketches/_template).',

  galleryIntro: 'Sketches que conversam entre si, com sensores e com instalações por meio de um broker MQTT. Abra um sketch em duas abas e veja os dois conversando.',
  brokerLegend: 'Broker',
  brokerLocal: 'o broker deste kit',
  brokerShiftr: 'shiftr.io público',
  brokerCustom: 'outra URL',
  brokerUrlLabel: 'URL do broker',
  brokerUse: 'Usar',
  brokerUrlHint: 'mqtt://, mqtts://, ws:// ou wss://. Fica guardada neste navegador; os links dos sketches levam a URL no endereço, com senha e tudo.',
  sketchesLabel: 'Sketches',
  toolsHeading: 'Ferramentas',
  inspectorTitle: 'Inspetor de mensagens',
  inspectorAbout: 'Todos os tópicos do broker, ao vivo: última mensagem, taxa, se é retida. Publique e assine na mão.',
  serialTitle: 'Ponte serial',
  serialAboutHtml: 'Uma placa na porta USB deste computador (um Arduino imprimindo linhas <code>tópico:valor</code>) publicando pelo navegador, onde ele tem Web Serial.',
  classTitle: 'Grafo da turma ao vivo',
  classAbout: 'Todos os clientes e tópicos no broker deste kit, cada mensagem um ponto a caminho; para o projetor. Entre como admin (ou com a conta do professor).',
  linksConnectTo: 'Os links dos sketches conectam a ',
  sketchesConnectTo: 'Os sketches conectam a ',
  setUpFor: (source) => `, o broker para o qual este site foi configurado (${source}).`,
  pieceConfigSource: 'o kit.config.json da obra',
  ownBrokerDev: ' — o broker do próprio kit, que serviu esta página.',
  ownBrokerBuilt: ' — o broker do kit, junto ao servidor deste site (gere o build com VITE_MQTT_URL=… para usar outro).',
  phonesOnNetwork: 'Celulares e outros computadores nesta rede: ',
  qrOf: (url) => `QR code de ${url}`,

  backToGallery: '← galeria',
  classIntroHtml: 'Todos os sketches, bots e ferramentas conectados ao broker deste kit, os tópicos que eles usam e cada mensagem como um ponto a caminho. A página lê a atividade do broker (<code>$SYS</code>), então entre com uma conta que possa ler: numa turma criada com <code>npm run class</code>, a conta do cartão do professor (<code>professor</code>, se você não deu outro nome); fora disso, <code>admin</code> com a senha que o <code>npm start</code> mostrou.',
  user: 'Usuário',
  password: 'Senha',
  userPlaceholder: 'professor ou admin',
  showClass: 'Mostrar a turma',
  formLoginHint: 'Confira os campos Usuário e Senha.',
  activityRightsNeeded: 'O grafo da turma precisa de uma conta que possa ler $SYS: admin (a senha aparece no npm start) ou, numa turma, a conta do professor criada pelo npm run class (professor, se você não deu outro nome).',
  mayNotRead: (user) => `'${user}' não pode ler a atividade do broker.`,
  brokerChoiceAside: 'O broker escolhido na galeria não vale aqui: o grafo da turma lê o broker do próprio kit.',
  notLoggedIn: 'sem login',
  thisPage: 'esta página',
  counts: (clients, omitted, topics) => `${clients} cliente${clients === 1 ? '' : 's'}${omitted ? ` (+${omitted} não mostrados)` : ''} · ${topics} tópico${topics === 1 ? '' : 's'}`,
  nobodyYet: 'Ainda não tem mais ninguém aqui: abra um sketch na galeria e ele aparece aqui.',
  legendTopic: 'tópico',
  legendWildcard: 'filtro curinga',
};

const TABLES: Record<Language, PageTexts> = { en, 'pt-BR': ptBR };

/** The page texts in `language`. */
export function pageTexts(language: Language): PageTexts {
  return TABLES[language];
}
