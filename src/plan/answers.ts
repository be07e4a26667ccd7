/**
 * The admin's choices, from screens or flags. Stored verbatim in the plan file so that `apply` can re-discover
 * the same resources; validated with one schema wherever they enter (CLI, wizard, plan file).
 */
import * as z from 'zod';

export const CONNECTION_METHODS = [
  'rdp-web-account',
  'rdp-password',
  'bastion-portal',
  'bastion-native',
  'ssh',
] as const;
export type ConnectionMethod = (typeof CONNECTION_METHODS)[number];

export const CA_STRENGTHS = ['mfa', 'phishing-resistant', 'passwordless', 'none'] as const;
export type CaStrength = (typeof CA_STRENGTHS)[number];
export const ROLE_SCOPES = ['vm', 'resource-group', 'subscription'] as const;
export type RoleScope = (typeof ROLE_SCOPES)[number];
export const WHFB_TRUSTS = ['certificate', 'key', 'cloud-kerberos', 'unknown'] as const;
export type WhfbTrust = (typeof WHFB_TRUSTS)[number];
export const CLIENT_COMPLIANCE = ['yes', 'no', 'unknown'] as const;

/**
 * The connection methods assumed when the admin chose none, for the OS types of the selected VMs: RDP with a
 * web account for Windows, `az ssh vm` for Linux. With RDP alone, selected Linux VMs would get no way in and
 * their sign-in app would stay out of the Conditional Access policy. The schema's default is this for no VMs.
 */
export function defaultConnections(osTypes: Iterable<'Windows' | 'Linux'>): ConnectionMethod[] {
  const oses = new Set(osTypes);
  if (!oses.has('Linux')) return ['rdp-web-account'];
  return oses.has('Windows') ? ['rdp-web-account', 'ssh'] : ['ssh'];
}

export const answersSchema = z
  .object({
    /** Subscription ids to search; empty = every subscription the account can see. */
    subscriptions: z.array(z.string()).default([]),
    /** VM selectors: name, `resourceGroup/name` or a full resource id. */
    vms: z.array(z.string()).default([]),
    /** Select every VM in these resource groups. */
    resourceGroups: z.array(z.string()).default([]),
    /** Select VMs carrying all of these tags, each `key=value`. */
    tags: z.array(z.string()).default([]),
    /** Resolved ARM ids of the selected VMs, filled in by discovery; what `apply` re-discovers. */
    vmIds: z.array(z.string()).default([]),
    /** Principals for Virtual Machine Administrator Login: UPN, object id or group display name. */
    admins: z.array(z.string()).default([]),
    /** Principals for Virtual Machine User Login. */
    users: z.array(z.string()).default([]),
    scope: z.enum(ROLE_SCOPES).default('vm'),
    connections: z.array(z.enum(CONNECTION_METHODS)).default(() => defaultConnections([])),
    ca: z.enum(CA_STRENGTHS).default('mfa'),
    caState: z.enum(['report-only', 'on']).default('report-only'),
    /** Break-glass accounts to exclude from the CA policy (UPN or object id). */
    exclude: z.array(z.string()).default([]),
    /** `--no-break-glass-ok`: the admin acknowledged turning a policy on without any exclusion. */
    breakGlassOk: z.boolean().default(false),
    /** Update this existing CA policy (id) instead of creating one, when the admin asks. */
    caPolicyId: z.string().optional(),
    disablePerUserMfa: z.boolean().default(true),
    /** Tenant-wide: only on explicit opt-in. */
    disableSecurityDefaults: z.boolean().default(false),
    /**
     * With security defaults turned off, the tool's baseline also requires MFA of every user on every app
     * (`all`, as security defaults did when Microsoft decided) or only of admins and Azure management (`none`).
     */
    baselineUserMfa: z.enum(['all', 'none']).default('all'),
    /**
     * `--without-baseline-unprotected-ok`: turn security defaults off without the replacement baseline; the
     * admin acknowledged that, until other policies exist, nothing requires MFA or blocks legacy authentication.
     */
    withoutBaselineOk: z.boolean().default(false),
    /**
     * `--remove-stale-devices`: delete the Entra device that holds a Windows VM's host name when it is provably not
     * the VM's own join (no physicalIds entry for the VM), so the extension's join can succeed.
     */
    removeStaleDevices: z.boolean().default(false),
    /**
     * `--start-stopped-vms`: start a selected VM that is deallocated or stopped when its identity or extension
     * needs setting up (extensions install only on a running VM). Opt-in: a started VM bills compute.
     */
    startStoppedVms: z.boolean().default(false),
    /** Enroll Windows client VMs in Intune through the extension's mdmId setting. */
    intune: z.boolean().default(false),
    whfbTrust: z.enum(WHFB_TRUSTS).default('unknown'),
    /** The client PC's Windows build, e.g. `22621.674` or `10.0.22621.674`. */
    clientOsBuild: z.string().optional(),
    /** Path to a saved `dsregcmd /status` output of the client PC. */
    dsregcmdFile: z.string().optional(),
    /** Whether Intune reports the client PC compliant; unset or `unknown` reads it from Graph when it can. */
    clientCompliant: z.enum(CLIENT_COMPLIANCE).optional(),
    /**
     * Azure Arc-enabled servers in the selection: unset = included wherever the searched subscriptions have any
     * (`--include-arc`); false = left out (`--no-include-arc`).
     */
    includeArc: z.boolean().optional(),
    /**
     * Set only by `enforce`: hand the configuration of every VM at `scope` to Azure Policy (`audit`: report
     * only). A plan with it is an enforcement plan: apply re-checks and verifies the policy objects, not VMs.
     */
    enforce: z
      .object({
        scope: z.string(),
        audit: z.boolean().default(false),
        location: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Answers = z.infer<typeof answersSchema>;
export type AnswersInput = z.input<typeof answersSchema>;

export function parseAnswers(input: unknown): Answers {
  return answersSchema.parse(input ?? {});
}

/**
 * The answers with every default filled in, for screens to show: the schema's defaults, and the connection
 * methods the selected VMs imply when none were chosen. Answers that do not parse (never from the wizard's own
 * fields) fall back to the defaults rather than break the screen.
 */
export function answersWithDefaults(input: AnswersInput): Answers {
  const parsed = answersSchema.safeParse(input);
  return parsed.success ? parsed.data : answersSchema.parse({});
}
