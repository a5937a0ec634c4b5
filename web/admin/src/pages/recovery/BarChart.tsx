import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatDate } from '../../lib/format.ts';

export interface Series {
  label: string;
  colour: string;
  values: number[];
}

/**
 * Daily figures as bars, one group per day and one bar per series (the dashboard's approach: SVG
 * drawn by code at the width it is shown at). A visually hidden table carries the same numbers for
 * screen readers, so nothing depends on seeing the bars.
 */
export function DailyBarChart({
  title,
  days,
  series,
  format,
}: {
  title: string;
  days: string[];
  series: Series[];
  format: (n: number) => string;
}) {
  const { t, locale } = useI18n();
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
  const height = 200;
  const pad = { top: 12, right: 8, bottom: 28, left: 8 };
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const slot = (width - pad.left - pad.right) / Math.max(1, days.length);
  const bar = Math.max(2, (slot * 0.8) / series.length);
  const plot = height - pad.top - pad.bottom;
  const step = Math.max(1, Math.ceil(days.length / Math.max(1, Math.floor(width / 56))));
  const label = (date: string) =>
    formatDate(date, locale, { day: 'numeric', month: 'short', dateStyle: undefined });
  const titleId = `chart-${title.replace(/\W+/g, '-')}`;

  return (
    <figure ref={box}>
      {series.length > 1 && (
        <ul className="mb-2 flex flex-wrap gap-4 text-xs text-slate-700" aria-hidden="true">
          {series.map((s) => (
            <li key={s.label} className="flex items-center gap-1.5">
              <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: s.colour }} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        className="block max-w-full"
        role="img"
        aria-labelledby={titleId}
      >
        <title id={titleId}>{title}</title>
        <line
          x1={pad.left}
          x2={width - pad.right}
          y1={height - pad.bottom}
          y2={height - pad.bottom}
          stroke="#94a3b8"
        />
        {days.map((day, i) => {
          const x0 = pad.left + i * slot + (slot - bar * series.length) / 2;
          return (
            <g key={day}>
              {series.map((s, j) => {
                const v = s.values[i] ?? 0;
                const h = (v / max) * plot;
                return (
                  <rect
                    key={s.label}
                    x={x0 + j * bar}
                    y={height - pad.bottom - h}
                    width={Math.max(1, bar - 1)}
                    height={Math.max(h, v ? 1 : 0)}
                    rx={1.5}
                    fill={s.colour}
                  >
                    <title>{`${label(day)} · ${s.label}: ${format(v)}`}</title>
                  </rect>
                );
              })}
              {(days.length - 1 - i) % step === 0 && (
                <text
                  x={pad.left + i * slot + slot / 2}
                  y={height - 8}
                  textAnchor="middle"
                  fontSize="12"
                  fill="#475569"
                >
                  {label(day)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common.date')}</th>
              {series.map((s) => (
                <th key={s.label} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day, i) => (
              <tr key={day}>
                <td>{formatDate(day, locale)}</td>
                {series.map((s) => (
                  <td key={s.label}>{format(s.values[i] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
