// The preload: exposes window.signet and nothing else — never ipcRenderer itself.
// It forwards calls to the channels of the shared contract (main validates them) and
// turns dropped File objects into paths with webUtils, so a page can only name files
// a person dropped or chose (a file from a folder picker stands for its folder).
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { SignetBridge } from '../shared/bridge.js';
import type { Channel, EventName } from '../shared/ipc.js';

const EVENTS: readonly EventName[] = ['progress', 'identity:prompt', 'identity:changed', 'open:requested', 'trust:requested', 'seal:requested'];
const invoke = (channel: Channel, payload: object = {}) => ipcRenderer.invoke(channel, payload);

function pathOf(file: File): string {
  const path = webUtils.getPathForFile(file);
  if (!path) throw new Error('Only files dropped on the window or chosen in a dialog can be used.');
  return path;
}

/**
 * The folder a person chose: a dropped folder is its own path; a file from a folder
 * picker (webkitdirectory) carries its path below the chosen folder, which is taken off.
 */
function folderOf(file: File): string {
  let path = pathOf(file);
  const below = file.webkitRelativePath.split('/').length - 1;
  for (let i = 0; i < below; i++) path = path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
  return path;
}

/** The path a file stands for: itself when dropped or chosen, its folder when it came from a folder picker. */
const chosenPath = (file: File): string => (file.webkitRelativePath ? folderOf(file) : pathOf(file));

/** The paths `files` stand for, each once (a folder picker hands over every file in the folder). */
const chosenPaths = (files: File[]): string[] => [...new Set(files.map(chosenPath))];

const bridge: SignetBridge = {
  whoami: () => invoke('identity:get'),
  demoPeople: () => invoke('identity:demoPeople'),
  signIn: (demoUser) => invoke('identity:signIn', demoUser === undefined ? {} : { demoUser }),
  signOut: () => invoke('identity:signOut'),
  recipients: () => invoke('recipients:list'),
  seal: (operationId, files, to, options = {}) => invoke('seal:run', { operationId, paths: chosenPaths(files), to, ...options }),
  open: (operationId, file, options = {}) => invoke('open:run', { operationId, path: pathOf(file), ...options }),
  openAnnounced: (operationId, path, options = {}) => invoke('open:announced', { operationId, path, ...options }),
  sealAnnounced: (operationId, paths, to, options = {}) => invoke('seal:announced', { operationId, paths, to, ...options }),
  importAnnouncedTrust: (path) => invoke('trust:announced', { path }),
  cancel: (operationId) => invoke('operation:cancel', { operationId }),
  keys: () => invoke('keys:list'),
  importTrust: (file) => invoke('trust:import', { path: pathOf(file) }),
  trust: () => invoke('trust:show'),
  classify: (files) => invoke('files:classify', { paths: chosenPaths(files) }),
  checkEvidence: (folder, documents) => invoke('evidence:verify', { path: chosenPath(folder), documents: documents === undefined ? undefined : folderOf(documents) }),
  checkSignature: (files) => invoke('signature:verify', { paths: files.map(pathOf) }),
  checkKept: (file) => invoke('seal:checkKept', { path: pathOf(file) }),
  reveal: (path) => invoke('files:reveal', { path }),
  activity: () => invoke('activity:list'),
  activityVerdict: (receipt) => invoke('activity:verdict', { receipt }),
  startDrag: (path) => invoke('files:drag', { path }),
  on: (event, listener) => {
    if (!EVENTS.includes(event)) throw new Error(`Unknown event ${event}`);
    const forward = (_event: IpcRendererEvent, payload: Parameters<typeof listener>[0]) => listener(payload);
    ipcRenderer.on(event, forward);
    return () => ipcRenderer.removeListener(event, forward);
  },
};

contextBridge.exposeInMainWorld('signet', bridge);
