/**
 * Reading an OpenAPI description for the import (README, "Import from OpenAPI or Postman"): the
 * file, its `$ref`s resolved inside its folder, never over the network (src/core/import/openapi.ts
 * turns one operation into an integration).
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContainmentError, readFileInFolderSync } from '../output/contained';
import { isObj } from './json-schema';

type Obj = Record<string, unknown>;

export interface OpenApiDocument extends Obj {
  /** Where the description was read from (a path or a URL), for `docs.apiDocs`. */
  readonly source?: string;
}

export class OpenApiImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenApiImportError';
  }
}

/** The largest file a `$ref` may name. */
const MAX_REF_FILE_BYTES = 20 * 1024 * 1024;

/** The file system path of a resolver URL (`file:///…`, or a path with `%xx` escapes). */
function refPath(url: string): string {
  if (/^file:/i.test(url)) return fileURLToPath(url);
  try {
    return resolvePath(decodeURI(url));
  } catch {
    return resolvePath(url);
  }
}

/**
 * Reads a description from a file (JSON or YAML) and resolves its references: those inside it and
 * files relative to it, inside `root` (or its own folder). No reference is fetched over the network (`resolve.http: false`), and the
 * description is not validated against the OpenAPI schema (a description with small mistakes can
 * still be imported).
 */
export async function loadOpenApi(file: string, options: { root?: string } = {}): Promise<OpenApiDocument> {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  const main = resolvePath(file);
  // Where `$ref`d files may be: `root` (the workspace or the CLI's folder) when the description is
  // inside it (a description's `../common/Error.yaml` is common), else the description's own folder.
  const root = options.root === undefined ? undefined : resolvePath(options.root);
  const within = root !== undefined && !relative(root, main).startsWith('..') && !isAbsolute(relative(root, main));
  const folder = within ? root! : dirname(main);
  // The resolver's own error only says "Error reading file": the reason a `$ref` was refused is kept here.
  let refused: string | undefined;
  let api: Obj;
  try {
    api = (await SwaggerParser.dereference(file, {
      resolve: {
        http: false,
        external: true,
        // A `$ref` to another file stays in the description's folder (like `transform: { file }`,
        // README "Outputs"): no `../`, no absolute path, no link, no FIFO, at most 20MB. A
        // description from elsewhere could otherwise copy any local file into the integration.
        file: {
          read: async (ref: { url: string }) => {
            const path = refPath(ref.url);
            if (path === main) return readFile(path);
            try {
              return Buffer.from(readFileInFolderSync(folder, relative(folder, path), MAX_REF_FILE_BYTES));
            } catch (e) {
              if (e instanceof ContainmentError) refused ??= `a $ref to ${relative(folder, path) || path}: ${e.message.replace(/the integration's folder/g, within ? 'the folder it is imported from' : "the description's folder")}`;
              throw e;
            }
          },
        },
      },
      validate: { schema: false, spec: false },
      dereference: { circular: true },
    })) as unknown as Obj;
  } catch (e) {
    const message = refused ?? (e instanceof Error ? e.message.split('\n')[0] : String(e));
    throw new OpenApiImportError(`${file} cannot be read as OpenAPI: ${message}`);
  }
  if (!isObj(api.paths) && !isObj(api.webhooks)) throw new OpenApiImportError(`${file} has no \`paths\``);
  Object.defineProperty(api, 'source', { value: file, enumerable: false });
  return api as OpenApiDocument;
}
