import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState, type FormEvent } from 'react';
import { api, type Answer, type Body } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { fromDateTimeLocal, parseMoney } from '../../lib/format.ts';
import { Button, buttonClass } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { TextAreaField, TextField } from '../../ui/form.tsx';
import { Money } from '../../ui/values.tsx';

type IssueBody = Body<'/admin/v1/gift-cards', 'post'>;
type IssuedGiftCard = Answer<'/admin/v1/gift-cards', 'post'>;

/** The customer a card is issued for, from their page: it is theirs (`customer_id`) and e-mailed to them. */
export interface GiftCardCustomer {
  id: string;
  name: string;
  email: string;
}

/**
 * Issue a gift card: its value (a decimal amount in the currency, the store's by default), and
 * optionally an expiry, a recipient to e-mail the code to, and a staff note. The answer's code is
 * shown this once, to copy: Carton keeps only its hash. From a customer's page the card is theirs
 * (`customer_id`), and the recipient's e-mail starts as theirs (staff may change or clear it).
 */
export function IssueGiftCardDialog({
  storeCurrency,
  customer,
  onClose,
}: {
  storeCurrency: string;
  customer?: GiftCardCustomer | undefined;
  onClose: () => void;
}) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const formId = useId();
  const terms = useCardTerms(storeCurrency);
  const { value, currency, expiresAt } = terms;
  const [recipient, setRecipient] = useState(customer?.email ?? '');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  const issue = useMutation({
    mutationFn: (body: IssueBody) => api.post('/admin/v1/gift-cards', { body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['gift-cards'] });
      toast(t('giftCards.issuedToast'));
    },
  });
  const apiError = isApiError(issue.error) ? issue.error : null;
  const error = (path: string) => local[path] ?? apiError?.fieldErrorWithin(path);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    issue.reset();
    const minor = parseMoney(value, currency);
    if (minor === null || minor <= 0) return setLocal({ value: t('giftCards.valueInvalid') });
    setLocal({});
    issue.mutate({
      currency,
      value: minor,
      expires_at: fromDateTimeLocal(expiresAt),
      recipient_email: recipient.trim() || null,
      note: note.trim() || null,
      ...(customer ? { customer_id: customer.id } : {}),
    });
  };

  const issued = issue.data;
  return (
    <Dialog
      open
      onClose={onClose}
      title={t(issued ? 'giftCards.issuedTitle' : 'giftCards.issue')}
      footer={
        issued ? (
          <>
            <Link
              to="/gift-cards/$giftCardId"
              params={{ giftCardId: issued.id }}
              className={buttonClass('secondary')}
            >
              {t('giftCards.open')}
            </Link>
            <Button variant="primary" onClick={onClose}>
              {t('common.done')}
            </Button>
          </>
        ) : (
          <>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" form={formId} variant="primary" busy={issue.isPending}>
              {t('giftCards.issueButton')}
            </Button>
          </>
        )
      }
    >
      {issued ? (
        <IssuedCode card={issued} />
      ) : (
        <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
          {customer && (
            <p className="text-sm text-slate-700">{t('giftCards.forCustomer', { name: customer.name })}</p>
          )}
          <CardTermsFields terms={terms} error={error} />
          <TextField
            label={t('giftCards.recipientEmail')}
            type="email"
            autoComplete="off"
            value={recipient}
            onChange={(e) => setRecipient(e.target.value)}
            hint={t('giftCards.recipientEmailHint')}
            error={error('recipient_email')}
          />
          <TextAreaField
            label={t('giftCards.note')}
            rows={2}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            hint={t('giftCards.noteHint')}
            error={error('note')}
          />
          <ErrorMessage error={issue.error} />
        </form>
      )}
    </Dialog>
  );
}

/** The terms a card is issued on: its value (a decimal amount), its currency (the store's by default), its expiry. */
export function useCardTerms(storeCurrency: string) {
  const [value, setValue] = useState('');
  const [currencyText, setCurrencyText] = useState(storeCurrency);
  const [expiresAt, setExpiresAt] = useState('');
  const currency = currencyText.trim().toUpperCase() || storeCurrency;
  return { value, setValue, currencyText, setCurrencyText, currency, expiresAt, setExpiresAt };
}

/** The value, currency and expiry fields of both issue dialogs (one card, several). */
export function CardTermsFields({
  terms,
  error,
  valueHint,
}: {
  terms: ReturnType<typeof useCardTerms>;
  error: (path: string) => string | undefined;
  valueHint?: string;
}) {
  const t = useT();
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-[1fr_7rem]">
        <TextField
          label={t('giftCards.value', { currency: terms.currency })}
          inputMode="decimal"
          autoComplete="off"
          value={terms.value}
          onChange={(e) => terms.setValue(e.target.value)}
          hint={valueHint}
          error={error('value')}
        />
        <TextField
          label={t('giftCards.currency')}
          value={terms.currencyText}
          maxLength={3}
          autoComplete="off"
          onChange={(e) => terms.setCurrencyText(e.target.value.toUpperCase())}
          error={error('currency')}
        />
      </div>
      <TextField
        label={t('giftCards.expiresAt')}
        type="datetime-local"
        value={terms.expiresAt}
        onChange={(e) => terms.setExpiresAt(e.target.value)}
        hint={t('giftCards.expiresAtHint')}
        error={error('expires_at')}
      />
    </>
  );
}

/** The new card's whole code, this once, with a copy button and the warning that it cannot be shown again. */
function IssuedCode({ card }: { card: IssuedGiftCard }) {
  const t = useT();
  const toast = useToast();
  const copy = () =>
    void navigator.clipboard
      ?.writeText(card.code)
      .then(() => toast(t('common.copied')))
      // No clipboard (an insecure page, a refusal): the code stays on screen to select.
      .catch(() => undefined);
  return (
    <>
      <div className="space-y-3 rounded-md border-2 border-indigo-300 bg-indigo-50 p-4">
        <p className="text-sm font-medium text-slate-800">
          {t('giftCards.issuedCode')} · <Money amount={card.initial_value} currency={card.currency} />
        </p>
        <p
          data-testid="gift-card-code"
          className="font-mono text-xl font-semibold tracking-wider break-all text-slate-900 select-all"
        >
          {card.code}
        </p>
        <Button small onClick={copy}>
          {t('giftCards.copyCode')}
        </Button>
      </div>
      <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
        {t('giftCards.codeOnce')}
      </p>
      <p className="text-sm text-slate-700">
        {card.recipient_email
          ? t('giftCards.emailed', { email: card.recipient_email })
          : t('giftCards.notEmailed')}
      </p>
    </>
  );
}
