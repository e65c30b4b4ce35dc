/**
 * The table import moved to shared/import (project and goal tables, published variants, every cell
 * accounted for). This path stays for the callers that import it from here.
 */
export {
  type CellUse,
  type ImportOptions,
  type ImportResult,
  type ImportSummary,
  importProjectTable,
  importTables,
} from '../import/index.ts';
