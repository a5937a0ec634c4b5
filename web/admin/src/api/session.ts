/**
 * The signed-in staff member's tokens. Kept in sessionStorage: a reload keeps the session, and it
 * ends with the tab. The refresh token is single use (each refresh returns the next one), so this
 * is the only place that holds it.
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
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

let current: Session | null = read();

export const session = {
  get(): Session | null {
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
    sessionStorage.setItem(KEY, JSON.stringify(current));
    listeners.forEach((l) => l());
    return current;
  },
  clear(): void {
    current = null;
    sessionStorage.removeItem(KEY);
    listeners.forEach((l) => l());
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
