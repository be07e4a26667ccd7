/** Where the wizard keeps its plan files, journals and .rdp files: ENTRA_VM_LOGIN_STATE_DIR or ~/.entra-vm-login. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function stateDir(env: NodeJS.ProcessEnv): string {
  return env.ENTRA_VM_LOGIN_STATE_DIR ? resolve(env.ENTRA_VM_LOGIN_STATE_DIR) : join(homedir(), '.entra-vm-login');
}
