/** Moved to shared/import/grid.ts; this path stays for the callers that import it from here. */
export { address, parseCsv, readXlsxGrids, type TextGrid } from '../import/grid.ts';
