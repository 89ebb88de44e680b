import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';

let cached: JsonWebKey | undefined;

/**
 * One P-256 signing key per process: EC keys generate in about a millisecond (RSA would cost a large
 * share of the start-up budget), and every sandbox started in a test run may share it.
 */
export function signingJwk(): JsonWebKey {
  cached ??= {
    ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
    kid: 'sandbox-es256',
    alg: 'ES256',
    use: 'sig',
  };
  return cached;
}
