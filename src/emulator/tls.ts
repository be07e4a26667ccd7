/** A per-run self-signed certificate for 127.0.0.1 and localhost: clients trust it by its PEM (`tlsOptions.ca`). */
import { generate } from 'selfsigned';

export async function createCertificate(): Promise<{ key: string; cert: string }> {
  const now = new Date();
  const result = await generate([{ name: 'commonName', value: 'entra-vm-login emulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 7 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { key: result.private, cert: result.cert };
}
