import { useT } from '../../i18n/I18n.tsx';
import { delayMinutes, shortDelay, type StepDraft } from './campaign-draft.ts';

/**
 * The steps on a line from the moment of abandonment: each marker sits at its delay (to scale),
 * labelled with the delay and channel. An ordered list underneath the drawing, so a screen reader
 * reads the same sequence.
 */
export function CampaignTimeline({ steps }: { steps: StepDraft[] }) {
  const t = useT();
  const units = { d: t('recovery.unit.d'), h: t('recovery.unit.h'), min: t('recovery.unit.min') };
  const delays = steps.map((s) => delayMinutes(s) ?? 0);
  const span = Math.max(60, ...delays);
  // A square-root scale: an hour and a week both stay readable on one line.
  const at = (minutes: number) => Math.sqrt(minutes / span) * 100;
  return (
    <div>
      <div className="relative mx-6 mt-7 mb-10 h-8" aria-hidden="true">
        <div className="absolute top-4 right-0 left-0 h-0.5 bg-slate-300" />
        <span className="absolute -top-5 -left-6 text-xs whitespace-nowrap text-amber-800">
          {t('campaigns.abandonment')}
        </span>
        <span className="absolute top-2 -left-2 h-4 w-4 rounded-full border-2 border-amber-600 bg-white" />
        {steps.map((s, i) => (
          <div
            key={s.uid}
            className="absolute top-1.5 flex -translate-x-1/2 flex-col items-center"
            style={{ left: `${at(delays[i]!)}%` }}
          >
            <span className="flex h-5 w-5 items-center justify-center rounded-full bg-indigo-700 text-[10px] font-semibold text-white">
              {i + 1}
            </span>
            <span className="mt-1 text-xs whitespace-nowrap text-slate-700">
              {shortDelay(delays[i]!, units)}
            </span>
          </div>
        ))}
      </div>
      <ol className="sr-only">
        {steps.map((s, i) => (
          <li key={s.uid}>
            {t('campaigns.timelineStep', {
              n: i + 1,
              delay: shortDelay(delays[i]!, units),
              channel: t(`templates.channel.${s.channel}`),
            })}
          </li>
        ))}
      </ol>
    </div>
  );
}
