/**
 * The wizard (the default command). Refuses without a terminal, renders the first frame with Ink, and only
 * then loads the pipeline (and with it the Azure SDKs).
 */
import { UserError } from '../errors';
import type { WizardServices } from '../machine/services';
import { type CliIO, type GlobalOptions, wantsColor } from '../workflows/io';

export async function runWizardCommand(globals: GlobalOptions, io: CliIO): Promise<number> {
  if (!io.stdin.isTTY || !io.stdout.isTTY) {
    throw new UserError(
      'no-terminal',
      'the wizard needs an interactive terminal',
      "Use 'entra-vm-login plan … --out plan.json' to preview and 'entra-vm-login apply plan.json --yes' to apply.",
    );
  }
  const { runWizard } = await import('../wizard/run');
  const pipeline = import('../workflows/wizard-services');
  let closeServices = async () => {};
  // Each call waits for the pipeline module, so the SDKs load while the first frame is already on screen.
  const lazy = <K extends keyof WizardServices>(name: K) =>
    (async (...args: unknown[]) => {
      const services = await servicesPromise;
      return (services[name] as (...a: unknown[]) => unknown)(...args);
    }) as unknown as WizardServices[K];
  const servicesPromise = pipeline.then(({ createWizardServices }) => {
    const services = createWizardServices(globals, io);
    closeServices = services.close;
    return services;
  });
  let loaded: WizardServices | undefined;
  void servicesPromise.then((s) => {
    loaded = s;
  });
  const services: WizardServices = {
    connect: lazy('connect'),
    discover: lazy('discover'),
    findings: (snapshot, answers) => {
      // Synchronous by contract: findings are only asked for after discovery, so the pipeline is loaded.
      if (!loaded) throw new Error('findings asked for before discovery');
      return loaded.findings(snapshot, answers);
    },
    views: (snapshot, answers) => {
      if (!loaded) throw new Error('views asked for before discovery');
      return loaded.views(snapshot, answers);
    },
    plan: lazy('plan'),
    doctor: lazy('doctor'),
    apply: lazy('apply'),
    verify: lazy('verify'),
    savePlan: lazy('savePlan'),
    lookupPrincipal: lazy('lookupPrincipal'),
    // Optional services the real pipeline has: without them the wizard would skip the policy review's evidence
    // and never offer enforcement.
    reviewPolicy: lazy('reviewPolicy'),
    planEnforcement: lazy('planEnforcement'),
  };
  try {
    return await runWizard({
      services,
      color: wantsColor(globals, io),
      demo: globals.demo,
      stdin: io.stdin as NodeJS.ReadStream,
      stdout: io.stdout as NodeJS.WriteStream,
      stderr: io.stderr as NodeJS.WriteStream,
      interrupt: io.interrupt,
    });
  } finally {
    await closeServices();
  }
}
