export * from './internalToken.js';
export * from './issuedAt.js';
export * from './keys.js';
export * from './serviceToken.js';
export * from './viewer.js';
