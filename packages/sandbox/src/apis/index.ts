// The emulated APIs. The server, the seed loader, the CLI and `startSandbox` are derived from
// this list: to emulate another API, add its folder and one line here (see the README).
import { equinix } from './equinix/index.js';
import { logto } from './logto/index.js';
import { sftpgo } from './sftpgo/index.js';

export const apis = [logto, equinix, sftpgo] as const;
