// The review library: what a change does to the init sites of a git repository.

export { reviewChange } from './reviewChange';
export { GitCommandError, GitError, RefError, runGit, type GitRunner } from './git';
export type { Simulator } from './outcomeCache';
export { simulateQuick, type SiteOutcome } from '../analysis/quickSimulation';
export { failsOn, FAIL_ON_NAMES, isChange, isRegressed, primaryProblem, problemSites, problemsOf, verdictRank } from './regression';
export type * from './types';
