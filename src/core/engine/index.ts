/**
 * Running an integration: the run itself, its default hooks (run log, outputs, transforms) and the
 * request as curl. Loading this loads undici and the QuickJS bridge: the extension imports it
 * only from its lazily required engine bundle (src/extension/running/engine.ts).
 */
export { runIntegration } from './run';
export { UnknownEnvironmentError, type RunEvent, type RunOptions } from './types';
export { defaultRunHooks } from './default-hooks';
export { renderCurl } from './curl';
export { signIn, signInGrant, refreshTokenSecretName, type SignInOptions, type SignInOutcome, type DeviceCodeInfo } from './sign-in';
export { chooseEnvironment, type ChosenEnvironment } from './environment';
