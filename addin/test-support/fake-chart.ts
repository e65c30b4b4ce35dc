import type { FakeContext, FakeSheetHandle } from './fake-excel.ts';
import { exportState, type FakeChart } from './fake-export.ts';
import { FakeExcelError, mustParse } from './fake-workbook.ts';

/**
 * `Worksheet.charts` of the fake Excel: `add(type, range, seriesBy)` reads the source range as
 * Excel does for a table with a header row and a category column (series by columns: the first
 * column holds the categories, every further column is a series named by its header), and the
 * chart's proxies record what is set on it.
 */
export function fakeChartCollection(ctx: FakeContext, sheet: FakeSheetHandle) {
  return {
    add(type: string, range: { a1: string }, seriesBy = 'Auto') {
      const holder: { chart: FakeChart | null } = { chart: null };
      ctx.queue({ op: 'chart.add', type, source: range.a1, seriesBy }, () => {
        const s = sheet.must();
        if (seriesBy !== 'Columns')
          throw new FakeExcelError('InvalidArgument', 'the fake draws series by columns only');
        const values = s.values(range.a1);
        const area = mustParse(range.a1);
        if (area.rows < 2 || area.cols < 2)
          throw new FakeExcelError('InvalidArgument', `${range.a1} has no data for a chart`);
        const categories = values.slice(1).map((row) => row[0] ?? '');
        const chart: FakeChart = {
          type,
          source: range.a1,
          seriesBy,
          name: `Chart ${exportState(s).charts.length + 1}`,
          title: '',
          from: null,
          to: null,
          legend: null,
          valueAxis: {},
          series: Array.from({ length: area.cols - 1 }, (_, k) => ({
            name: String(values[0]?.[k + 1] ?? ''),
            categories,
            values: values.slice(1).map((row) => row[k + 1] ?? ''),
            chartType: type,
            hasDataLabels: false,
            markerStyle: null,
            line: {},
          })),
        };
        exportState(s).charts.push(chart);
        holder.chart = chart;
      });
      return chartProxy(ctx, holder);
    },
  };
}

function chartProxy(ctx: FakeContext, holder: { chart: FakeChart | null }) {
  const set = (op: string, value: unknown, f: (c: FakeChart) => void) =>
    ctx.queue({ op: `chart.${op}`, value }, () => {
      if (!holder.chart) throw new FakeExcelError('ItemNotFound', 'The chart was not created.');
      f(holder.chart);
    });
  const series = (index: number, f: (c: FakeChart['series'][number]) => void) => (c: FakeChart) => {
    const item = c.series[index];
    if (!item) throw new FakeExcelError('InvalidArgument', `The chart has no series ${index}.`);
    f(item);
  };
  return {
    set name(v: string) {
      set('name', v, (c) => {
        c.name = v;
      });
    },
    title: {
      set text(v: string) {
        set('title', v, (c) => {
          c.title = v;
        });
      },
    },
    setPosition(from: string, to?: string) {
      set('setPosition', { from, to }, (c) => {
        mustParse(from);
        if (to) mustParse(to);
        c.from = from;
        c.to = to ?? null;
      });
    },
    legend: {
      set position(v: string) {
        set('legend.position', v, (c) => {
          c.legend = v;
        });
      },
    },
    axes: {
      valueAxis: {
        set numberFormat(v: string) {
          set('valueAxis.numberFormat', v, (c) => {
            c.valueAxis.numberFormat = v;
          });
        },
      },
    },
    series: {
      getItemAt: (index: number) => ({
        set chartType(v: string) {
          set(
            `series.${index}.chartType`,
            v,
            series(index, (s) => (s.chartType = v)),
          );
        },
        set hasDataLabels(v: boolean) {
          set(
            `series.${index}.hasDataLabels`,
            v,
            series(index, (s) => (s.hasDataLabels = v)),
          );
        },
        set markerStyle(v: string) {
          set(
            `series.${index}.markerStyle`,
            v,
            series(index, (s) => (s.markerStyle = v)),
          );
        },
        format: {
          line: {
            set color(v: string) {
              set(
                `series.${index}.line.color`,
                v,
                series(index, (s) => (s.line.color = v)),
              );
            },
            set lineStyle(v: string) {
              set(
                `series.${index}.line.lineStyle`,
                v,
                series(index, (s) => (s.line.lineStyle = v)),
              );
            },
          },
        },
      }),
    },
  };
}
