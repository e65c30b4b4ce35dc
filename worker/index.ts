import { createApp } from './app.ts';

/** The Worker: the Shinchoku API under /api; the add-in's files are served from dist/addin by [assets]. */
export default createApp();
