import { copyRepo } from '../../scripts/lib/repo-copy.mjs';

export { copyRepo };
export type RepoCopy = ReturnType<typeof copyRepo>;
