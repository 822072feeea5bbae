import type { TransformInput } from '../../../src/core/transform';

export function inputFor(body: unknown, extra: Partial<TransformInput> = {}): TransformInput {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let json: TransformInput['json'];
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { body: text, json, status: 200, headers: { 'content-type': 'application/json' }, params: {}, vars: {}, ...extra };
}

export const SEED =
  'const respuesta = JSON.parse(input.body); return { id: respuesta.data.id, nombre: respuesta.data.name.toUpperCase(), activo: respuesta.data.is_active };';

export const SEED_BODY = { data: { id: 42, name: 'María', is_active: true } };
