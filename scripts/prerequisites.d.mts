/** Types of prerequisites.mjs, for the TypeScript that shares its lookup (the cluster and call suites' binaries). */
export interface Need {
  name: string;
  why: string;
  found(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean;
  packages: { apt: string[]; brew: string[]; winget: string[] };
}
export declare const NEEDS: Need[];
/** The executable `name` on PATH (or in the sbin folders), or null. */
export declare function findBinary(name: string, env?: NodeJS.ProcessEnv): string | null;
export declare function missingNeeds(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): Need[];
export declare function installCommand(needs: Need[], platform?: NodeJS.Platform): string | null;
