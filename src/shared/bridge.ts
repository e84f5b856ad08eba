// window.signet: the renderer's only way to reach the main process. Intent-level
// functions over the contract in ipc.ts; dropped files are turned into paths inside
// the preload, so the renderer can only name files a person actually dropped.
import type { EventName, EventOf, ResponseOf, Result } from './ipc.js';

export interface SignetBridge {
  whoami(): Promise<Result<ResponseOf<'identity:get'>>>;
  demoPeople(): Promise<Result<ResponseOf<'identity:demoPeople'>>>;
  signIn(demoUser?: string): Promise<Result<ResponseOf<'identity:signIn'>>>;
  signOut(): Promise<Result<ResponseOf<'identity:signOut'>>>;
  recipients(): Promise<Result<ResponseOf<'recipients:list'>>>;
  seal(operationId: string, files: File[], to: string[], options?: { overwrite?: boolean; keepBoth?: boolean }): Promise<Result<ResponseOf<'seal:run'>>>;
  open(operationId: string, file: File, options?: { overwrite?: boolean; evidence?: boolean }): Promise<Result<ResponseOf<'open:run'>>>;
  /** Opens a file main announced with an 'open:requested' event; main refuses any other path. */
  openAnnounced(operationId: string, path: string, options?: { overwrite?: boolean; evidence?: boolean }): Promise<Result<ResponseOf<'open:announced'>>>;
  /** Seals files main announced with a 'seal:requested' event; main refuses any other path. */
  sealAnnounced(operationId: string, paths: string[], to: string[], options?: { overwrite?: boolean; keepBoth?: boolean }): Promise<Result<ResponseOf<'seal:announced'>>>;
  /** Imports a trust file main announced with a 'trust:requested' event; main refuses any other path. */
  importAnnouncedTrust(path: string): Promise<Result<ResponseOf<'trust:announced'>>>;
  cancel(operationId: string): Promise<Result<ResponseOf<'operation:cancel'>>>;
  keys(): Promise<Result<ResponseOf<'keys:list'>>>;
  importTrust(file: File): Promise<Result<ResponseOf<'trust:import'>>>;
  trust(): Promise<Result<ResponseOf<'trust:show'>>>;
  classify(files: File[]): Promise<Result<ResponseOf<'files:classify'>>>;
  /** Checks an evidence folder; with `documents` (a dropped folder, or any file chosen in a folder picker) also the documents in that folder. */
  checkEvidence(folder: File, documents?: File): Promise<Result<ResponseOf<'evidence:verify'>>>;
  checkSignature(files: File[]): Promise<Result<ResponseOf<'signature:verify'>>>;
  /** Checks a sealed file this computer opened before from the signature it kept then, without signing in; its contents are not read. */
  checkKept(file: File): Promise<Result<ResponseOf<'seal:checkKept'>>>;
  reveal(path: string): Promise<Result<ResponseOf<'files:reveal'>>>;
  activity(): Promise<Result<ResponseOf<'activity:list'>>>;
  /** An earlier open's verdict again, from the receipt its activity entry names. */
  activityVerdict(receipt: string): Promise<Result<ResponseOf<'activity:verdict'>>>;
  /** Drags a file Signet wrote out of the window; call it from a dragstart handler. */
  startDrag(path: string): Promise<Result<ResponseOf<'files:drag'>>>;
  /** Subscribes to an event from main; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
}

declare global {
  interface Window {
    signet: SignetBridge;
  }
}
