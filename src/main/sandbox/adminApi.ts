// The sandbox's admin API for tests and demos, under /_sandbox/: read and set the
// fault rules, and move the credential clock forward. Every call needs the admin
// token (DIR/admin-token) in the x-signet-sandbox-admin header. Not an AWS API: not
// signed, not in the audit log.
import { headerValue, jsonReply, type Reply, type SandboxRequest } from './core/http.js';
import { FaultRulesSchema } from './core/faults.js';
import type { Endpoint, SandboxContext } from './core/pipeline.js';
import { plainRestError } from './core/protocols.js';

export const ADMIN_HEADER = 'x-signet-sandbox-admin';
export const ADMIN_TOKEN_FILE = 'admin-token';

interface AdminRoute {
  /** As for operations: the store is saved after the route runs. */
  mutates: boolean;
  run(input: Record<string, unknown>, context: SandboxContext): Reply;
}

const ROUTES: Record<string, AdminRoute> = {
  'GET /_sandbox/faults': { mutates: false, run: (_input, { faults }) => jsonReply(200, { rules: faults.list() }) },
  'PUT /_sandbox/faults': {
    mutates: false,
    run(input, { faults }) {
      const parsed = FaultRulesSchema.safeParse(input.rules);
      if (!parsed.success) return jsonReply(400, { message: `Not a list of fault rules: ${parsed.error.message}` });
      faults.set(parsed.data);
      return jsonReply(200, { rules: faults.list() });
    },
  },
  'POST /_sandbox/clock': {
    mutates: true,
    run(input, { store }) {
      const seconds = input.advanceSeconds;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return jsonReply(400, { message: 'advanceSeconds must be a non-negative number.' });
      store.state.clockOffsetMs += seconds * 1000;
      return jsonReply(200, { clockOffsetSeconds: store.state.clockOffsetMs / 1000 });
    },
  },
};

function parseBody(request: SandboxRequest): Record<string, unknown> | undefined {
  if (request.body.length === 0) return {};
  try {
    const input: unknown = JSON.parse(request.body.toString('utf8'));
    return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  } catch {
    return undefined;
  }
}

/** The admin API of a sandbox whose token is `adminToken`, kept in `dir`. */
export function adminApi(adminToken: string, dir: string): Endpoint {
  return {
    accessDeniedCode: 'AccessDeniedException',
    refuse: plainRestError,
    async handle(request, context) {
      if (headerValue(request.headers, ADMIN_HEADER) !== adminToken) {
        return jsonReply(403, { message: `The admin API needs the ${ADMIN_HEADER} header from ${dir}/${ADMIN_TOKEN_FILE}.` });
      }
      const name = `${request.method} ${request.path}`;
      const input = parseBody(request);
      if (input === undefined) return jsonReply(400, { message: 'The body is not valid JSON.' });
      const route = Object.hasOwn(ROUTES, name) ? ROUTES[name]! : undefined;
      if (!route) return jsonReply(404, { message: `No admin route ${name}.` });
      const reply = route.run(input, context);
      if (route.mutates) await context.store.commit();
      return reply;
    },
  };
}
