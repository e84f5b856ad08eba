// The sandbox's public face: what the app, the CLI and the IPC handlers (demo-mode
// wiring) may use. Everything else in this folder is the sandbox's own business; the
// lint rules in eslint.config.js refuse imports of it from outside.
export { startSandbox, type RunningSandbox } from './server.js';
export { DEMO_PEOPLE } from './provision.js';
export { approveAsDemoPerson } from './demoApproval.js';
