import { getDatabaseHandle } from "./index";
import { mappingStatusChannel } from "./queries/sync";

type Listener = (organizationId: string) => void;

interface ListenerRegistry {
  byWorkspace: Map<string, Set<Listener>>;
  listening: Promise<unknown> | null;
}

// One LISTEN connection per process, shared by every open live-status stream (kept on globalThis so
// Next's separately bundled route modules share it too).
const globalForListener = globalThis as typeof globalThis & { __billbridgeMappingStatus?: ListenerRegistry };

function registry(): ListenerRegistry {
  globalForListener.__billbridgeMappingStatus ??= { byWorkspace: new Map(), listening: null };
  return globalForListener.__billbridgeMappingStatus;
}

/**
 * Calls `listener` with the organization id whenever a run status of that workspace changes (announced
 * by updateMappingRunStatus through PostgreSQL NOTIFY, from this or any other process). Resolves once
 * the LISTEN is in place; the returned function unsubscribes.
 */
export async function subscribeToMappingStatus(workspaceId: string, listener: Listener): Promise<() => void> {
  const state = registry();
  const listeners = state.byWorkspace.get(workspaceId) ?? new Set<Listener>();
  listeners.add(listener);
  state.byWorkspace.set(workspaceId, listeners);
  state.listening ??= getDatabaseHandle()
    .sql.listen(mappingStatusChannel, (payload) => {
      const [notifiedWorkspace, organizationId] = payload.split(" ");
      if (!notifiedWorkspace || !organizationId) return;
      for (const notify of registry().byWorkspace.get(notifiedWorkspace) ?? []) notify(organizationId);
    })
    .catch((error: unknown) => {
      registry().listening = null;
      throw error;
    });
  try {
    await state.listening;
  } catch (error) {
    listeners.delete(listener);
    throw error;
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) state.byWorkspace.delete(workspaceId);
  };
}
