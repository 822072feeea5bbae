/**
 * Quick fixes as plain data: text edits in offsets, or a command for the editor to run. One
 * function per diagnostic; the extension turns them into code actions.
 */
import type { Diagnostic } from '../diagnostics';
import { SECRET_NOT_SET } from './secret-refs';

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: OffsetEdit[];
  preferred?: boolean;
  /** A command the editor runs (after the edits). */
  command?: { id: string; args: unknown[] };
}

/** The editor command behind "Store in SecretStorage" (registered by the extension). */
export const STORE_SECRET_COMMAND = 'gatewayIon.editing.storeSecret';
export const SET_SECRET_COMMAND = 'gatewayIon.secrets.set';
/** "Gateway Ion: Sign In" for the active file (src/extension/running/sign-in.ts). */
export const SIGN_IN_COMMAND = 'gatewayIon.signIn';

/** Names that are probably credentials: `API_TOKEN`, `DB_PASSWORD`, `AWS_SECRET_ACCESS_KEY`. */
export const CREDENTIAL_NAME = /token|secret|passw|pwd|api_?key|apikey|credential|auth|private|(^|_)key($|_)/i;

/** A secret name for a credential-like variable: `GITHUB_TOKEN` → `github_token`. */
export function secretNameFor(envName: string): string {
  const s = envName
    .replace(/^ION_(SECRET_)?/, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(s) ? s : `s_${s || 'secret'}`;
}

function suggestionOf(d: Diagnostic): string | undefined {
  const s = d.data?.suggestion;
  return typeof s === 'string' && s !== '' ? s : undefined;
}

function replace(d: Diagnostic, title: string, newText: string, preferred = true): QuickFix {
  return { title, edits: [{ start: d.start, end: d.end, newText }], preferred };
}

export function quickFixes(d: Diagnostic, text: string): QuickFix[] {
  const written = text.slice(d.start, d.end);
  const suggestion = suggestionOf(d);
  switch (d.code) {
    case 'unknown_key':
      return suggestion ? [replace(d, `Change to \`${suggestion}\``, suggestion)] : [];
    case 'bad_value':
    case 'unknown_environment':
      return suggestion ? [replace(d, `Change to \`${suggestion}\``, suggestion)] : [];
    case 'unknown_var':
      return suggestion && /^vars\.[A-Za-z0-9_.-]+$/.test(written) ? [replace(d, `Change to \`vars.${suggestion}\``, `vars.${suggestion}`)] : [];
    case 'unknown_input':
      return suggestion && /^input\.[A-Za-z0-9_.-]+$/.test(written) ? [replace(d, `Change to \`input.${suggestion}\``, `input.${suggestion}`)] : [];
    case 'unknown_namespace': {
      const m = /^[A-Za-z0-9_-]+/.exec(written);
      if (!suggestion || !m) return [];
      const fixed = suggestion + written.slice(m[0].length);
      return [replace(d, `Change to \`${fixed}\``, fixed)];
    }
    case 'env_not_allowed': {
      const m = /^env\.([A-Za-z0-9_-]+)$/.exec(written);
      if (!m) return [];
      const name = m[1];
      if (name.startsWith('ION_SECRET_')) {
        const secret = secretNameFor(name);
        return [replace(d, `Use a secret instead: \`secret.${secret}\``, `secret.${secret}`)];
      }
      const fixes = [replace(d, `Rename to \`env.ION_${name}\``, `env.ION_${name}`, !CREDENTIAL_NAME.test(name))];
      if (CREDENTIAL_NAME.test(name)) {
        const secret = secretNameFor(name);
        fixes.unshift(replace(d, `Use a secret instead: \`secret.${secret}\``, `secret.${secret}`, true));
      }
      return fixes;
    }
    case 'hardcoded_secret': {
      const name = typeof d.data?.secretName === 'string' ? d.data.secretName : 'api_token';
      return [{ title: 'Store in SecretStorage…', edits: [], preferred: true, command: { id: STORE_SECRET_COMMAND, args: [{ start: d.start, end: d.end, suggestion: name }] } }];
    }
    case SECRET_NOT_SET: {
      const name = typeof d.data?.secretName === 'string' ? d.data.secretName : written.replace(/^secret\./, '');
      const set: QuickFix = { title: `Set secret ${name}…`, edits: [], preferred: true, command: { id: SET_SECRET_COMMAND, args: [name] } };
      // The refresh token of an authorization_code / device_code file comes from signing in.
      if (d.data?.signIn === true) return [{ title: 'Sign in (Gateway Ion: Sign In)', edits: [], preferred: true, command: { id: SIGN_IN_COMMAND, args: [] } }, { ...set, preferred: false }];
      return [set];
    }
    default:
      return [];
  }
}
