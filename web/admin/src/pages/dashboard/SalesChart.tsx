import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatDate, formatMoney } from '../../lib/format.ts';

export interface ChartDay {
  date: string;
  amount: number;
  orders: number;
}

/**
 * Daily sales as bars, drawn in SVG by code. The figure is described for screen readers by a
 * table of the same numbers (visually hidden), so nothing depends on seeing the bars.
 */
export function SalesChart({ days, currency }: { days: ChartDay[]; currency: string }) {
  const { t, locale } = useI18n();
  // Drawn at the width it is shown at, so text keeps its size on a phone.
  const box = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(
      ([entry]) => entry && setWidth(Math.max(240, Math.round(entry.contentRect.width))),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const height = 220;
  const pad = { top: 16, right: 8, bottom: 28, left: 8 };
  const max = Math.max(1, ...days.map((d) => d.amount));
  const slot = (width - pad.left - pad.right) / Math.max(1, days.length);
  const bar = Math.max(4, slot * 0.7);
  const plot = height - pad.top - pad.bottom;
  // A date label every `step` bars, as many as fit (about 56 px each).
  const step = Math.max(1, Math.ceil(days.length / Math.max(1, Math.floor(width / 56))));
  const label = (date: string) =>
    formatDate(date, locale, { day: 'numeric', month: 'short', dateStyle: undefined });

  return (
    <figure ref={box}>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        className="block max-w-full"
        role="img"
        aria-labelledby="sales-chart-title"
      >
        <title id="sales-chart-title">{t('dashboard.chartTitle', { days: days.length })}</title>
        <line
          x1={pad.left}
          x2={width - pad.right}
          y1={height - pad.bottom}
          y2={height - pad.bottom}
          stroke="#94a3b8"
        />
        {days.map((d, i) => {
          const h = (d.amount / max) * plot;
          const x = pad.left + i * slot + (slot - bar) / 2;
          return (
            <g key={d.date}>
              <rect
                x={x}
                y={height - pad.bottom - h}
                width={bar}
                height={Math.max(h, d.amount ? 1 : 0)}
                rx={2}
                fill="#4338ca"
              >
                <title>{`${label(d.date)}: ${formatMoney(d.amount, currency, locale)}`}</title>
              </rect>
              {(days.length - 1 - i) % step === 0 && (
                <text x={x + bar / 2} y={height - 8} textAnchor="middle" fontSize="12" fill="#475569">
                  {label(d.date)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="sr-only">
        <table>
          <caption>{t('dashboard.chartTitle', { days: days.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common.date')}</th>
              <th scope="col">{t('dashboard.sales')}</th>
              <th scope="col">{t('dashboard.orders')}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <td>{formatDate(d.date, locale)}</td>
                <td>{formatMoney(d.amount, currency, locale)}</td>
                <td>{d.orders}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
