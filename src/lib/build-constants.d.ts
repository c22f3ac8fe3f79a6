/** The kit's version, written into the script-tag build by vite.lib.config.ts. */
declare const __KIT_VERSION__: string;
