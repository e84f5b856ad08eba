// Which Signet this window is, for the details a person copies for IT: package.json's
// version, put in when the renderer is built (electron.vite.config.ts, `define`).
declare const __SIGNET_VERSION__: string;

export const SIGNET_VERSION: string = __SIGNET_VERSION__;
