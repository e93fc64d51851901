import { library } from '../../tsdown.preset';

export default library({ entry: ['src/index.ts'] });
