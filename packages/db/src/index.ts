export * from './database.js';
export * from './ids.js';
export * from './migrate.js';
export * from './seed.js';
