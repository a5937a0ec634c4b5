import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { session } from '../../api/session.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, Loading } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/form.tsx';
import { AuthLayout } from './AuthLayout.tsx';

/** Four characters at a time, easier to type into an authenticator app. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/** A QR code of the otpauth:// URI, drawn on this page (the secret never leaves the browser). */
function QrCode({ uri, alt }: { uri: string; alt: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode').then((qr) =>
      qr.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then((s) => live && setSvg(s)),
    );
    return () => {
      live = false;
    };
  }, [uri]);
  if (!svg) return null;
  return (
    <img
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
      alt={alt}
      width={192}
      height={192}
      className="mx-auto rounded border border-slate-200"
    />
  );
}

/**
 * MFA enrolment: the secret as a QR code and as text, the first code to activate it, then the
 * recovery codes (shown once). Reached at first sign-in when the role requires MFA, or from the
 * account page.
 */
export function EnrolPage() {
  const t = useT();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const enrol = useMutation({ mutationFn: () => api.post('/admin/v1/auth/mfa/enrol') });
  const activate = useMutation({
    mutationFn: () => api.post('/admin/v1/auth/mfa/activate', { body: { code: code.trim() } }),
    onSuccess: (answer) => {
      session.set(answer);
      setCodes(answer.recovery_codes);
    },
  });
  // One enrolment per visit: a second one would replace the secret the member is scanning.
  const started = useRef(false);
  const { mutate: start } = enrol;
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start();
  }, [start]);

  if (codes) {
    return (
      <AuthLayout title={t('auth.enrol.recoveryTitle')}>
        <p className="text-sm text-slate-700">{t('auth.enrol.recoveryExplain')}</p>
        <ul
          className="my-4 grid grid-cols-2 gap-2 font-mono text-sm"
          aria-label={t('auth.enrol.recoveryTitle')}
        >
          {codes.map((c) => (
            <li key={c} className="rounded bg-slate-100 px-2 py-1 text-center">
              {c}
            </li>
          ))}
        </ul>
        <Button variant="primary" className="w-full" onClick={() => void navigate({ to: '/' })}>
          {t('auth.enrol.saved')}
        </Button>
      </AuthLayout>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    activate.mutate();
  };

  return (
    <AuthLayout title={t('auth.enrol.title')}>
      <p className="mb-4 text-sm text-slate-700">{t('auth.enrol.explain')}</p>
      {enrol.isPending && <Loading />}
      <ErrorMessage error={enrol.error} />
      {enrol.data && (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <QrCode uri={enrol.data.otpauth_uri} alt={t('auth.enrol.qrAlt')} />
          <div>
            <p className="text-sm text-slate-700">{t('auth.enrol.secret')}</p>
            <p className="mt-1 rounded bg-slate-100 px-3 py-2 text-center font-mono text-base tracking-wide break-all">
              <code id="totp-secret">{grouped(enrol.data.secret)}</code>
            </p>
          </div>
          <TextField
            label={t('auth.enrol.code')}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <ErrorMessage error={activate.error} />
          <Button type="submit" variant="primary" className="w-full" busy={activate.isPending}>
            {t('auth.enrol.activate')}
          </Button>
        </form>
      )}
      <button
        type="button"
        className="mt-4 text-sm text-indigo-800 underline"
        onClick={() => {
          void api.post('/admin/v1/auth/logout').catch(() => {});
          session.clear();
        }}
      >
        {t('nav.signOut')}
      </button>
    </AuthLayout>
  );
}
