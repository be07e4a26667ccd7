/** `what-if --device` values, apart from the command so that parsing the command line loads no command module. */
export const DEVICE_STATES = ['compliant', 'joined', 'hybrid', 'registered', 'none', 'unknown'] as const;
export type DeviceOption = (typeof DEVICE_STATES)[number];
