export * from './bounds.ts';
export * from './era.ts';
export * from './footnotes.ts';
export * from './labelled.ts';
export * from './numbers.ts';
export * from './period.ts';
export * from './units.ts';
export * from './width.ts';
