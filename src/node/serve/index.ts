// Serving the built site with the broker, for installations (`npm run serve`). Re-exports only.
export { createStaticSite, type StaticSiteOptions } from './static-site.js';
export { injectIntoPage, type PageInjection } from './page-injection.js';
export { BUILD_INPUTS, siteFreshness, type SiteFreshness } from './site-freshness.js';
export { buildSite } from './build-site.js';
export { PIECE_FILE, PieceFileError, loadPieceFile, pageSettings, parsePieceFile, type PieceFile } from './piece-file.js';
export { describeServe, type ServeReport } from './serve-banner.js';
