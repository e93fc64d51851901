import { library } from '../../tsdown.preset';

export default library({
  entry: { index: 'src/index.ts', session: 'src/session-entry.ts', api: 'src/api.ts' },
});
