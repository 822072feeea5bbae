/**
 * Which origins a fixture test may reach, worked out with the engine's own resolve phase and the
 * test's dummy values: the request URL's origin, the `tokenUrl` origin, and the origins of the
 * `Location` headers of the test's fixture responses. Everything else is refused.
 */
import { prepareRun } from '../engine/prepare';
import { linkWithRel } from '../engine/link-header';
import type { RunOptions } from '../engine/types';
import type { FixtureResponse } from '../model';
import type { ParsedIntegration } from '../parse';
import { Masker } from '../secrets/mask';
import { originOf } from '../secrets/origins';
import type { Clock } from '../ports';

export interface FixturePlan {
  origins: Set<string>;
  /** `origin` → host as undici sends it in the Host header, to tell origins apart in records. */
  tokenEndpoint?: { origin: string; host: string; path: string };
  requestUrl?: URL;
}

/** The origins of `Location` headers and of `Link` next links (paginate) in the fixtures. */
function locationOrigins(fixtures: FixtureResponse[], base: URL | undefined): string[] {
  const out: string[] = [];
  for (const f of fixtures) {
    for (const [k, v] of Object.entries(f.headers ?? {})) {
      const name = k.toLowerCase();
      if (name !== 'location' && name !== 'link') continue;
      const target = name === 'link' ? linkWithRel(String(v), 'next') : String(v);
      if (target === undefined) continue;
      try {
        const o = originOf(new URL(target, base));
        if (o) out.push(o);
      } catch {
        // Not a URL: the engine reports the redirect as refused.
      }
    }
  }
  return out;
}

/** Never throws: when the plan cannot be made, the run itself reports why (and nothing is allowed). */
export async function fixturePlan(parsed: ParsedIntegration, options: RunOptions, fixtures: FixtureResponse[], clock: Clock): Promise<FixturePlan> {
  const plan: FixturePlan = { origins: new Set() };
  try {
    const p = await prepareRun(parsed, options, { clock, masker: new Masker() });
    plan.requestUrl = p.request.url;
    const o = originOf(p.request.url);
    if (o) plan.origins.add(o);
    if (p.auth?.type === 'oauth2') {
      const t = new URL(String(p.auth.tokenUrl));
      const to = originOf(t);
      if (to) {
        plan.origins.add(to);
        plan.tokenEndpoint = { origin: to, host: t.host, path: t.pathname };
      }
    }
  } catch {
    // The engine's resolve phase will fail the same way and say so.
  }
  for (const o of locationOrigins(fixtures, plan.requestUrl)) plan.origins.add(o);
  return plan;
}
