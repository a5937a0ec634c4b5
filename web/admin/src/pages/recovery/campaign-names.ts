import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { useCan } from '../../lib/me.ts';

/** Campaign names by id, for the analytics table (ids stand in while they load). */
export function useCampaignNames(): Map<string, string> {
  const can = useCan();
  const list = useQuery({
    queryKey: ['campaigns', 'names'],
    queryFn: () => api.get('/admin/v1/recovery/campaigns', { query: { limit: 200 } }),
    enabled: can('recovery.read'),
    staleTime: 60_000,
  });
  return new Map((list.data?.data ?? []).map((c) => [c.id, c.name]));
}
