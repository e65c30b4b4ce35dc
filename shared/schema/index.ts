export * from './common.ts';
export * from './interchange.ts';
export * from './plan.ts';
export * from './submission.ts';
