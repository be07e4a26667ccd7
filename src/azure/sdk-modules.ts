/**
 * The ARM SDK packages, loaded when a gateway is made rather than when the CLI starts, and awaited by the
 * operations before their first use. Together they are several megabytes of JavaScript: imported up front,
 * compiling and running them delayed the first request by about a hundred milliseconds; loaded this way, that
 * work overlaps the first round trips (sign-in, the tenant, the subscription list), which need none of them.
 * The policy packages are loaded only by `enforce`.
 */
import { BugError } from '../errors';

interface ArmSdks {
  compute: typeof import('@azure/arm-compute');
  network: typeof import('@azure/arm-network');
  authorization: typeof import('@azure/arm-authorization');
  hybridCompute: typeof import('@azure/arm-hybridcompute');
}

interface PolicySdks {
  policy: typeof import('@azure/arm-policy');
  insights: typeof import('@azure/arm-policyinsights');
}

let arm: ArmSdks | undefined;
let armLoading: Promise<ArmSdks> | undefined;
let policy: PolicySdks | undefined;
let policyLoading: Promise<PolicySdks> | undefined;

export function loadArmSdks(): Promise<ArmSdks> {
  armLoading ??= Promise.all([
    import('@azure/arm-compute'),
    import('@azure/arm-network'),
    import('@azure/arm-authorization'),
    import('@azure/arm-hybridcompute'),
  ]).then(([compute, network, authorization, hybridCompute]) => {
    arm = {
      compute: exportsOf(compute, 'ComputeManagementClient'),
      network: exportsOf(network, 'NetworkManagementClient'),
      authorization: exportsOf(authorization, 'AuthorizationManagementClient'),
      hybridCompute: exportsOf(hybridCompute, 'HybridComputeManagementClient'),
    };
    return arm;
  });
  return armLoading;
}

export function loadPolicySdks(): Promise<PolicySdks> {
  policyLoading ??= Promise.all([import('@azure/arm-policy'), import('@azure/arm-policyinsights')]).then(
    ([p, insights]) => {
      policy = { policy: exportsOf(p, 'PolicyClient'), insights: exportsOf(insights, 'PolicyInsightsClient') };
      return policy;
    },
  );
  return policyLoading;
}

/**
 * A package's exports as its named exports: a CommonJS package imported dynamically from the bundle gives them
 * only under `default`.
 */
function exportsOf<T extends object>(module: T, expected: keyof T): T {
  if ((module as Record<PropertyKey, unknown>)[expected] !== undefined) return module;
  return (module as { default?: T }).default ?? module;
}

/** The loaded ARM packages; only for code that ran after `loadArmSdks()` settled. */
export function armSdks(): ArmSdks {
  if (!arm) throw new BugError('an ARM SDK client was made before the SDK packages were loaded');
  return arm;
}

/** The loaded policy packages; only for code that ran after `loadPolicySdks()` settled. */
export function policySdks(): PolicySdks {
  if (!policy) throw new BugError('a policy SDK client was made before the policy packages were loaded');
  return policy;
}

/**
 * `ops` with every method waiting for `ready` first, so that no caller can reach a client before its package
 * is loaded. Every method of the operation interfaces returns a promise.
 */
export function afterLoading<T extends object>(ops: T, ready: () => Promise<unknown>): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(ops)) {
    wrapped[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => ready().then(() => (value as (...a: unknown[]) => unknown).apply(ops, args))
        : value;
  }
  return wrapped as T;
}
