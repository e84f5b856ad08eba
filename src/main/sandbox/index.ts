// The sandbox's public face: the only module the rest of Signet imports, and only the
// app, the CLI and the IPC handlers (demo-mode wiring) may (eslint.config.js). Start a
// sandbox, approve a demo sign-in as a person would, name the demo people, and hold a
// root ceremony (the offline root signs, run locally, never over HTTP); the pipeline,
// services and state behind it stay inside src/main/sandbox (docs/SANDBOX.md).
export { startSandbox, type RunningSandbox, type SandboxOptions } from './server.js';
export { SandboxStateError } from './core/state.js';
export { DEMO_PEOPLE } from './provision.js';
export { approveAsDemoPerson } from './demoApproval.js';
export { rootCrl, rootSign, type SignedSubordinate } from './rootCeremony.js';
