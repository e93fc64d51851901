export { CHROMIUM_PATH, launchChromium } from './chromium';
export {
  delay,
  type Handler,
  type RecordedRequest,
  refusedPort,
  sendEmpty,
  sendJson,
  startServer,
  type TestServer,
  useTestServer,
} from './http-server';
export { bundledSpec, type PrismServer, startPrism } from './prism';
export { SoftwareAuthenticator } from './software-authenticator';
