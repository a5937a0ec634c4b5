import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api } from '../api/client.ts';
import { session } from '../api/session.ts';

/** The signed-in session, re-rendering when it changes (sign-in, refresh, sign-out). */
export function useSession() {
  return useSyncExternalStore(session.subscribe, session.get);
}

/** Who is signed in and what they may do (`GET /admin/v1/me`). */
export function useMe() {
  const s = useSession();
  return useQuery({
    queryKey: ['me', s?.sessionId, s?.storeId],
    queryFn: () => api.get('/admin/v1/me'),
    enabled: !!s,
    staleTime: 60_000,
  });
}

/** Whether the signed-in member holds a permission (false while unknown). */
export function useCan(): (permission: string) => boolean {
  const me = useMe();
  const held = new Set(me.data?.permissions ?? []);
  return (permission) => held.has(permission);
}

/** The active store: name, currency, time zone. */
export function useStore() {
  const s = useSession();
  return useQuery({
    queryKey: ['store', s?.storeId],
    queryFn: () => api.get('/admin/v1/store'),
    enabled: !!s?.storeId && !s.mfaEnrolmentRequired,
    staleTime: 5 * 60_000,
  });
}
