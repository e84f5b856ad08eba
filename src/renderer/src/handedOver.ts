// Files handed to Signet from outside the window — a trust file opened with Signet, or
// files the person chose "Seal with Signet" for in the file manager — go into the
// window's flow: the trust file is imported, the files to seal go to "Who is it for?".
// (Sealed files opened with Signet are opened by App.svelte.)
import { app, attempt, settle } from './state.svelte';

async function importHandedOver(path: string): Promise<void> {
  app.view = 'main';
  const result = settle(await attempt(() => window.signet.importAnnouncedTrust(path)));
  if (result) app.stage = { kind: 'imported', result };
}

/** Listens for files handed over; returns the functions that stop listening. */
export function listenForHandedOverFiles(): Array<() => void> {
  return [
    window.signet.on('trust:requested', ({ path }) => void importHandedOver(path)),
    window.signet.on('seal:requested', ({ files }) => {
      app.view = 'main';
      app.stage = { kind: 'choose', files };
    }),
  ];
}
