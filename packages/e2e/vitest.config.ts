// The client packages' settings: see ../../vitest.clients.ts (unhandled rejections fail the run).
export { default } from '../../vitest.clients';
