// Shared by every client package: see ../../vitest.clients.ts (unhandled rejections fail the run).
export { default } from '../../vitest.clients';
