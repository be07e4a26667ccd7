/** The doctor: one VM, one user, why sign-in fails or does not prompt, and what fixes it. */
export { doctorHeadline, type HeadlineInput } from './headline';
export { buildDoctorReport, type DoctorInput, type DoctorReport } from './report';
