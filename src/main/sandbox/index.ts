// The sandbox's public face: the only module the rest of Signet imports. Start a
// sandbox, drive its approval page as a person would, and name its demo people; the
// pipeline, services and state behind it stay inside src/main/sandbox (docs/SANDBOX.md).
export { startSandbox, type RunningSandbox, type SandboxOptions } from './server.js';
export { SandboxStateError } from './core/state.js';
export { DEMO_PEOPLE } from './provision.js';
export { submitOnApprovalPage } from './identityCenter/approvalClient.js';
