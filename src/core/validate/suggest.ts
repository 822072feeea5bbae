/** "Did you mean …?": the closest candidate by edit distance (≤ 2) or by prefix, case-insensitively. */

/** Edit distance with adjacent transpositions counted as one edit (`GTE` → `GET` is 1). */
export function levenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** Longer words and candidates are not compared: nobody mistypes them, and the cost stays bounded. */
const MAX_SUGGEST_LENGTH = 100;

export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length === 0 || word.length > MAX_SUGGEST_LENGTH) return undefined;
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c.length > MAX_SUGGEST_LENGTH) continue;
    const lc = c.toLowerCase();
    let score = levenshtein(w, lc, 2);
    if (score > 2 || (score === 2 && Math.min(w.length, lc.length) <= 3)) {
      score = w.length >= 2 && (lc.startsWith(w) || w.startsWith(lc)) ? 2.5 : Infinity;
    }
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return bestScore === Infinity ? undefined : best;
}

/** ": did you mean `x`?" or "". */
export function didYouMean(word: string, candidates: Iterable<string>): { text: string; suggestion?: string } {
  const s = suggest(word, candidates);
  return s === undefined ? { text: '' } : { text: `: did you mean \`${s}\`?`, suggestion: s };
}
