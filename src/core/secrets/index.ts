/** Secrets: which origins a secret may be sent to, and the one rule for every spelling of a name. */
export { originAllowed, parseOriginList } from './origins';
export { secretBaseName, splitSecretName, type SecretName } from './names';
export { Masker } from './mask';
