// What happens to files a person drops on the window or chooses in a picker: a sealed
// file is opened, an evidence folder or a message with its .sig file is checked, a trust
// file is imported, anything else goes to the recipient picker to be sealed. Without a
// sign-in or a connection, what needs neither still works, a sealed file this computer
// opened before is checked from the signature it kept, and the rest says what is missing.
import { t } from './i18n/index.js';
import { nowUtc } from './outcome';
import { app, attempt, newOperationId, settle, signInAgain } from './state.svelte';

/** Sealing and opening need a sign-in and a connection: say which is missing, and lead to signing in. */
function needsAccess(what: string): void {
  const offline = app.who?.offline === true;
  const message = offline ? t.needsConnection(what) : t.needsSignIn(what);
  const choices = offline ? [] : [{ label: t.signIn, run: () => signInAgain() }];
  app.stage = { kind: 'failed', code: offline ? 'OFFLINE' : 'NOT_SIGNED_IN', message, choices, failure: { file: app.subject, at: nowUtc() }, windowsOwn: true };
}

/** Without a sign-in or a connection: the signature this computer kept when it opened the seal, if it did. */
async function checkKept(file: File): Promise<void> {
  if (!file.name.endsWith('.signet')) return needsAccess(t.openingSealed);
  const result = await attempt(() => window.signet.checkKept(file));
  if (!result.ok && result.error.code === 'NOT_OPENED_HERE') return needsAccess(t.notOpenedHereOpening);
  const kept = settle(result);
  if (kept) app.stage = { kind: 'kept', result: kept };
}

async function open(file: File, overwrite = false): Promise<void> {
  const operationId = newOperationId();
  app.progress = undefined;
  app.stage = { kind: 'working', verb: 'Opening', operationId, startedAt: Date.now() };
  const result = settle(
    await attempt(() => window.signet.open(operationId, file, { overwrite, evidence: true })),
    [{ label: t.replace, run: () => void open(file, true) }],
    () => void open(file, overwrite),
  );
  if (result) app.stage = { kind: 'opened', result };
}

/** `signedOut`: the person has not signed in (and is online): only what needs no sign-in is done. */
export async function handleFiles(files: File[], signedOut = false): Promise<void> {
  if (files.length === 0) return;
  app.subject = files.map((f) => f.name).join(', ');
  const classified = settle(await attempt(() => window.signet.classify(files)));
  if (!classified) return;
  if (classified.kind === 'open') return signedOut || app.who?.offline ? checkKept(files[0]!) : open(files[0]!);
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
    app.stage = { kind: 'failed', code: 'USAGE', message: t.oneSealedAtATime, choices: [], failure: { file: app.subject, at: nowUtc() }, windowsOwn: true };
    return;
  }
  if (signedOut) return needsAccess(t.sealingFiles);
  app.stage = { kind: 'choose', files };
}

/**
 * A drop anywhere in the window that no drop zone took (a zone calls preventDefault):
 * handled as on the drop zone, from any view — signed out, as on the sign-in screen's —
 * unless Signet is still starting or a seal or open is under way.
 */
export function droppedOnWindow(event: DragEvent): void {
  if (event.defaultPrevented) return;
  event.preventDefault();
  if (app.who === undefined || app.stage.kind === 'working') return;
  app.view = 'main';
  void handleFiles([...(event.dataTransfer?.files ?? [])], !app.who.signedIn && !app.who.offline);
}
