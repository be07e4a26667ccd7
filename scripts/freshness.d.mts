/** Types for scripts/freshness.mjs, for the test that imports it. */
export declare const BUILD_INPUTS: string[];
export declare function needsBuild(root: string, output?: string, inputs?: string[]): boolean;
