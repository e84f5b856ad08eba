// What happens to files a person drops on the window or chooses in a picker: a sealed
// file is opened, an evidence folder or a message with its .sig file is checked, a trust
// file is imported, anything else goes to the recipient picker to be sealed.
import { app, attempt, newOperationId, settle } from './state.svelte';

async function open(file: File, overwrite = false): Promise<void> {
  const operationId = newOperationId();
  app.progress = undefined;
  app.stage = { kind: 'working', verb: 'Opening', operationId, startedAt: Date.now() };
  const result = settle(
    await attempt(() => window.signet.open(operationId, file, { overwrite, evidence: true })),
    [{ label: 'Replace', run: () => void open(file, true) }],
    () => void open(file, overwrite),
  );
  if (result) app.stage = { kind: 'opened', result };
}

export async function handleFiles(files: File[]): Promise<void> {
  if (files.length === 0) return;
  const classified = settle(await attempt(() => window.signet.classify(files)));
  if (!classified) return;
  if (classified.kind === 'open') return open(files[0]!);
  if (classified.kind === 'evidence') {
    const result = settle(await attempt(() => window.signet.checkEvidence(files[0]!)));
    if (result) app.stage = { kind: 'checked', result, folder: files[0]! };
    return;
  }
  if (classified.kind === 'detached') {
    const result = settle(await attempt(() => window.signet.checkSignature(files)));
    if (result) app.stage = { kind: 'signature', result };
    return;
  }
  if (classified.kind === 'trust') {
    const result = settle(await attempt(() => window.signet.importTrust(files[0]!)));
    if (result) app.stage = { kind: 'imported', result };
    return;
  }
  if (files.some((f) => f.name.endsWith('.signet'))) {
    app.stage = { kind: 'failed', code: 'USAGE', message: 'Drop one sealed file at a time to open it, or only unsealed files to seal them.', choices: [] };
    return;
  }
  app.stage = { kind: 'choose', files };
}

/**
 * A drop anywhere in the window that no drop zone took (a zone calls preventDefault):
 * handled as on the drop zone, from any view, unless the person is not signed in (nor
 * offline) or a seal or open is under way.
 */
export function droppedOnWindow(event: DragEvent): void {
  if (event.defaultPrevented) return;
  event.preventDefault();
  const ready = (app.who?.signedIn || app.who?.offline) && app.stage.kind !== 'working';
  if (!ready) return;
  app.view = 'main';
  void handleFiles([...(event.dataTransfer?.files ?? [])]);
}
