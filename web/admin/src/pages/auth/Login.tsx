import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { session } from '../../api/session.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/form.tsx';
import { AuthLayout } from './AuthLayout.tsx';

type Step =
  { kind: 'password' } | { kind: 'mfa'; mfaToken: string } | { kind: 'forgot' } | { kind: 'forgot-sent' };

/** Sign in: e-mail and password, then a TOTP (or recovery) code when MFA is on. */
export function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const { next } = useSearch({ from: '/login' });
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');

  const enter = async (answer: Parameters<typeof session.set>[0]) => {
    const s = session.set(answer);
    if (s.mfaEnrolmentRequired) return navigate({ to: '/enrol' });
    // Only a path of this console: never an address elsewhere.
    const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
    return navigate({ to: target.replace(/^\/admin(?=\/|$)/, '') || '/' });
  };

  const login = useMutation({
    mutationFn: () => api.post('/admin/v1/auth/login', { body: { email, password } }),
    onSuccess: async (answer) => {
      if (answer.status === 'mfa_required') {
        setStep({ kind: 'mfa', mfaToken: answer.mfa_token });
        return;
      }
      await enter(answer);
    },
  });
  const verify = useMutation({
    mutationFn: (mfaToken: string) =>
      api.post('/admin/v1/auth/mfa/verify', { body: { mfa_token: mfaToken, code } }),
    onSuccess: (answer) => enter(answer),
  });
  const forgot = useMutation({
    mutationFn: () => api.post('/admin/v1/auth/password/forgot', { body: { email } }),
    onSuccess: () => setStep({ kind: 'forgot-sent' }),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (step.kind === 'password') login.mutate();
    else if (step.kind === 'mfa') verify.mutate(step.mfaToken);
    else if (step.kind === 'forgot') forgot.mutate();
  };

  if (step.kind === 'forgot-sent') {
    return (
      <AuthLayout title={t('auth.forgot.title')}>
        <p className="text-sm text-slate-700" role="status">
          {t('auth.forgot.sent', { email })}
        </p>
        <Button className="mt-4" onClick={() => setStep({ kind: 'password' })}>
          {t('auth.backToSignIn')}
        </Button>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title={
        step.kind === 'mfa'
          ? t('auth.mfa.title')
          : step.kind === 'forgot'
            ? t('auth.forgot.title')
            : t('auth.signIn')
      }
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        {step.kind !== 'mfa' && (
          <TextField
            label={t('auth.email')}
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
        {step.kind === 'password' && (
          <TextField
            label={t('auth.password')}
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
        {step.kind === 'mfa' && (
          <TextField
            label={t('auth.mfa.code')}
            hint={t('auth.mfa.hint')}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            autoFocus
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        )}
        {step.kind === 'forgot' && <p className="text-sm text-slate-700">{t('auth.forgot.explain')}</p>}
        <ErrorMessage error={login.error ?? verify.error ?? forgot.error} />
        <Button
          type="submit"
          variant="primary"
          className="w-full"
          busy={login.isPending || verify.isPending || forgot.isPending}
        >
          {step.kind === 'mfa'
            ? t('auth.mfa.verify')
            : step.kind === 'forgot'
              ? t('auth.forgot.send')
              : t('auth.signIn')}
        </Button>
        <div className="flex justify-between text-sm">
          {step.kind === 'password' ? (
            <button
              type="button"
              className="text-indigo-800 underline"
              onClick={() => setStep({ kind: 'forgot' })}
            >
              {t('auth.forgot.link')}
            </button>
          ) : (
            <button
              type="button"
              className="text-indigo-800 underline"
              onClick={() => {
                setCode('');
                setStep({ kind: 'password' });
              }}
            >
              {t('auth.backToSignIn')}
            </button>
          )}
        </div>
      </form>
    </AuthLayout>
  );
}

/** The e-mailed links: choose a password (reset, or accepting an invitation). */
export function ChoosePasswordPage({ mode }: { mode: 'reset' | 'invitation' }) {
  const t = useT();
  const navigate = useNavigate();
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: async () => {
      if (mode === 'reset') {
        await api.post('/admin/v1/auth/password/reset', { body: { token, password } });
        setDone(true);
        return;
      }
      const answer = await api.post('/admin/v1/auth/invitations/accept', {
        body: { token, password, ...(name.trim() ? { name: name.trim() } : {}) },
      });
      const s = session.set(answer);
      await navigate({ to: s.mfaEnrolmentRequired ? '/enrol' : '/' });
    },
  });
  return (
    <AuthLayout title={mode === 'reset' ? t('auth.reset.title') : t('auth.invitation.title')}>
      {done ? (
        <div className="space-y-4">
          <p role="status" className="text-sm text-slate-700">
            {t('auth.reset.done')}
          </p>
          <Link to="/login" className="text-indigo-800 underline">
            {t('auth.backToSignIn')}
          </Link>
        </div>
      ) : (
        <form
          className="space-y-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          {mode === 'invitation' && (
            <TextField
              label={t('auth.name')}
              autoComplete="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
          <TextField
            label={t('auth.newPassword')}
            hint={t('auth.passwordRule')}
            type="password"
            autoComplete="new-password"
            required
            value={password}
            error={isApiError(save.error) ? save.error.fieldError('password') : undefined}
            onChange={(e) => setPassword(e.target.value)}
          />
          <ErrorMessage error={save.error} />
          <Button type="submit" variant="primary" className="w-full" busy={save.isPending}>
            {t('common.save')}
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
