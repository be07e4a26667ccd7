import type { VmFacts } from '../../src/plan/snapshot';

/** The name the VM joins Entra ID with: its computer name, else its Azure name. */
export const hostname = (vm: VmFacts): string => vm.computerName?.trim() || vm.name;
