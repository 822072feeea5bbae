/** The panel's readiness line (README, "Plan and document an integration"); plain text, no DOM. */
import type { PanelPlan } from '../shared/messages';

/** `Ready 3/4 · missing: rate limits known` (the file's readiness checklist). */
export function readinessLine(plan: PanelPlan): string {
  return `Ready ${plan.met}/${plan.total}${plan.missing.length ? ` · missing: ${plan.missing.map((m) => m.toLowerCase()).join(', ')}` : ''}`;
}
