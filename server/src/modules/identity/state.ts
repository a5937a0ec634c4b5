import type { Platform } from '../../platform/context.ts';
import { ApiKeyCache } from './api-keys.ts';
import { SessionStatusCache } from './sessions.ts';
import { TokenService } from './tokens.ts';

/** What identity keeps in memory per running platform: the token signer and its two caches. */
export interface IdentityState {
  tokens: TokenService;
  sessions: SessionStatusCache;
  apiKeys: ApiKeyCache;
}

const states = new WeakMap<Platform, IdentityState>();

export function identityState(platform: Platform): IdentityState {
  let state = states.get(platform);
  if (!state) {
    state = {
      tokens: new TokenService(platform.config.CARTON_SECRET),
      sessions: new SessionStatusCache(platform.db),
      apiKeys: new ApiKeyCache(platform.db, platform.log),
    };
    states.set(platform, state);
  }
  return state;
}
