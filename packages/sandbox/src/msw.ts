// `@authspec/sandbox/msw`: the sandbox as Mock Service Worker request handlers (Node and jsdom).
export {
  createSandboxHandlers,
  type SandboxHandlers,
  type SandboxHandlersCookies,
  type SandboxHandlersOptions,
} from './msw/handlers.js';
