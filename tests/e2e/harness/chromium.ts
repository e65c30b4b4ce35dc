/**
 * The browser the tests launch is the one `shinchoku export --format pdf` prints with: one module,
 * shared/cli/chromium.ts (the npm `@sparticuz/chromium`, or SHINCHOKU_CHROMIUM's executable).
 */
export {
  type BrowserToLaunch,
  browserToLaunch,
  CHROMIUM_ENV,
  requireChromium,
} from '../../../shared/cli/chromium.ts';
