import { useT } from '../../i18n/I18n.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { statusKey, statusTone, type DisputeStatus } from './disputes.ts';

/** A dispute's status as a coloured label: won green, lost red, waiting for the merchant amber. */
export function DisputeStatusBadge({ status }: { status: DisputeStatus }) {
  const t = useT();
  return <Badge tone={statusTone(status)}>{t(statusKey(status))}</Badge>;
}
