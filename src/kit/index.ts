// What a page served by the kit knows about the kit. Re-exports only.
export { chooseBrokerUrl } from './broker-choice.js';
export { connectInPage } from './connect-in-page.js';
export { BROKER_PORT_META, pageBroker, pageBrokerAddress, unreachableHint } from './page-broker.js';
export { PIECE_CONFIG_ID, pieceConfig, pieceConfigScript, type PieceConfig } from './piece-config.js';
