// The sandbox's HTTP server on 127.0.0.1: every request goes to `serveRequest`; a
// dropped-connection fault closes the socket without an answer; an unexpected error
// is answered with a 500 (or the connection closed, if the answer had begun) and the
// server keeps serving.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DisconnectFault } from './faults.js';
import { jsonReply, sendReply } from './http.js';
import { serveRequest, type Router, type SandboxContext } from './pipeline.js';

export function createSandboxServer(context: SandboxContext, route: Router, maxBodyBytes: number): Server {
  // A request without Host reaches serveRequest, whose guard refuses it in the endpoint's shape.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    serveRequest(req, res, context, route, maxBodyBytes).catch((error: unknown) => {
      if (error instanceof DisconnectFault) {
        req.socket.destroy();
        return;
      }
      process.stderr.write(`signet sandbox: internal error: ${(error as Error).message}\n`);
      if (!res.headersSent) sendReply(res, jsonReply(500, { message: 'Internal error in the sandbox.' }));
      else res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  return server;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Listens on `requested` when given (0: any free port); otherwise on `previous` when it
 * is free, so sign-ins made against it keep working, or else on any free port.
 * Resolves with the port.
 */
export async function listenOnPort(server: Server, requested: number | undefined, previous: number | undefined): Promise<number> {
  if (requested === undefined && previous !== undefined) {
    await listen(server, previous).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') throw error;
      return listen(server, 0);
    });
  } else await listen(server, requested ?? 0);
  return (server.address() as AddressInfo).port;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
