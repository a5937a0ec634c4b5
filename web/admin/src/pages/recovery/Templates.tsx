import { Link } from '@tanstack/react-router';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { buttonClass } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';

export const CHANNELS = ['email', 'sms', 'push'] as const;

/** The store's recovery message templates (the defaults, in English and Vietnamese, come first time). */
export function TemplatesPage() {
  const t = useT();
  const can = useCan();
  const list = useCursorList(['templates', 'list'], (cursor) =>
    api.get('/admin/v1/messaging/templates', { query: { purpose: 'recovery', limit: 100, cursor } }),
  );
  return (
    <Page
      title={t('nav.templates')}
      actions={
        can('messaging.manage') && (
          <Link to="/recovery/templates/new" className={buttonClass('primary')}>
            {t('templates.new')}
          </Link>
        )
      }
    >
      <Card>
        <CursorTable
          list={list}
          caption={t('nav.templates')}
          rowKey={(tpl) => tpl.id}
          empty={t('templates.none')}
          columns={[
            {
              header: t('templates.name'),
              cell: (tpl) => (
                <Link
                  to="/recovery/templates/$templateId"
                  params={{ templateId: tpl.id }}
                  className="font-medium text-indigo-800 underline"
                >
                  {tpl.name}
                </Link>
              ),
            },
            { header: t('templates.channel'), cell: (tpl) => t(`templates.channel.${tpl.channel}`) },
            { header: t('templates.locale'), cell: (tpl) => tpl.locale },
            {
              header: t('templates.handle'),
              cell: (tpl) => <span className="font-mono text-xs">{tpl.handle}</span>,
              wide: true,
            },
            { header: t('templates.version'), cell: (tpl) => tpl.version, align: 'right', wide: true },
            {
              header: t('templates.updated'),
              cell: (tpl) => <DateTime value={tpl.updated_at} />,
              wide: true,
            },
          ]}
        />
      </Card>
    </Page>
  );
}
