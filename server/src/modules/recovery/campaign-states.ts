import { AppError } from '../../platform/errors.ts';
import type { CampaignStatus } from './campaign-model.ts';

/**
 * A campaign's lifecycle: a `draft` is edited (and may be deleted), `activate` lets carts enter it,
 * `pause` stops it (its running runs end before their next step), `activate` again resumes it.
 */
export type CampaignAction = 'activate' | 'pause';

const TRANSITIONS: Record<CampaignStatus, Partial<Record<CampaignAction, CampaignStatus>>> = {
  draft: { activate: 'active' },
  active: { pause: 'paused' },
  paused: { activate: 'active' },
};

export function nextCampaignStatus(from: CampaignStatus, action: CampaignAction, id: string): CampaignStatus {
  const to = TRANSITIONS[from][action];
  if (!to) throw new AppError('INVALID_STATE_TRANSITION', `Campaign ${id} is ${from}; it cannot ${action}.`);
  return to;
}
