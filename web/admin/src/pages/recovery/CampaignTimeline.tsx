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
  return (
    <div>
      <div className="relative mx-4 mt-2 mb-12 h-8" aria-hidden="true">
        <div className="absolute top-4 right-0 left-0 h-0.5 bg-slate-300" />
        <div className="absolute top-2 -left-2 flex flex-col items-center">
          <span className="h-4 w-4 rounded-full border-2 border-amber-600 bg-white" />
          <span className="mt-1 text-xs whitespace-nowrap text-slate-700">{t('campaigns.abandonment')}</span>
        </div>
        {steps.map((s, i) => (
          <div
            key={s.uid}
            className="absolute top-1.5 flex -translate-x-1/2 flex-col items-center"
            style={{ left: `${(delays[i]! / span) * 100}%` }}
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
