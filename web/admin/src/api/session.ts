/**
 * The signed-in staff member's tokens, shared by the console's tabs through localStorage: a new tab
 * is signed in, signing out in one signs out all. The refresh token is single use and presenting
 * a used one ends the session on the server, so tabs must never refresh with the same token: the
 * client refreshes under a cross-tab lock and re-reads the tokens first (`client.ts`).
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (ms since the epoch). */
  expiresAt: number;
  sessionId: string;
  storeId: string | null;
  storeRole: string | null;
  /** The role needs MFA and the user has not enrolled yet: only enrolment is allowed. */
  mfaEnrolmentRequired: boolean;
}

/** The token fields every sign-in, refresh and MFA answer carries. */
export interface TokenAnswer {
  access_token: string;
  expires_in: number;
  session_id: string;
  store_id: string | null;
  store_role: string | null;
  mfa_enrolment_required: boolean;
  refresh_token?: string;
}

const KEY = 'carton.admin.session';
type Listener = () => void;
const listeners = new Set<Listener>();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

let current: Session | null = read();
const notify = () => listeners.forEach((l) => l());

// Another tab signed in, refreshed or signed out.
window.addEventListener('storage', (e) => {
  if (e.key !== KEY && e.key !== null) return;
  current = read();
  notify();
});

export const session = {
  get(): Session | null {
    return current;
  },
  /** The tokens as stored now (another tab may have refreshed them since). */
  reload(): Session | null {
    const stored = read();
    if (JSON.stringify(stored) !== JSON.stringify(current)) {
      current = stored;
      notify();
    }
    return current;
  },
  /** Store the tokens of an answer; a refresh token absent from it (MFA activation) is kept. */
  set(answer: TokenAnswer): Session {
    const refreshToken = answer.refresh_token ?? current?.refreshToken;
    if (!refreshToken) throw new Error('no refresh token');
    current = {
      accessToken: answer.access_token,
      refreshToken,
      expiresAt: Date.now() + answer.expires_in * 1000,
      sessionId: answer.session_id,
      storeId: answer.store_id,
      storeRole: answer.store_role,
      mfaEnrolmentRequired: answer.mfa_enrolment_required,
    };
    localStorage.setItem(KEY, JSON.stringify(current));
    notify();
    return current;
  },
  clear(): void {
    current = null;
    localStorage.removeItem(KEY);
    notify();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
