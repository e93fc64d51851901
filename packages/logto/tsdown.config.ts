import { library } from '../../tsdown.preset';

export default library({
  entry: {
    index: 'src/index.ts',
    management: 'src/management.ts',
    experience: 'src/experience.ts',
    headless: 'src/headless.ts',
    api: 'src/api.ts',
  },
  // The `browser` export condition: no Node-only dependency (the browser keeps the cookies).
  browser: {
    'browser/index': 'src/browser/index.ts',
    'browser/management': 'src/browser/management.ts',
    'browser/experience': 'src/browser/experience.ts',
  },
});
