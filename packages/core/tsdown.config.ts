import { library } from '../../tsdown.preset';

export default library({ entry: ['src/index.ts', 'src/public.ts', 'src/api.ts', 'src/tracing.ts'] });
