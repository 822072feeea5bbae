import { strict as assert } from 'node:assert';
import { KeyedDebouncer, type TimerApi } from '../../../src/extension/diagnostics/debouncer';

/** A manual clock: timers fire only when the test advances time. */
function fakeTimers(): TimerApi & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    set: (fn, ms) => {
      timers.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clear: (h) => void timers.delete(h as number),
    advance(ms) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now && timers.delete(id)) t.fn();
      }
    },
    pending: () => timers.size,
  };
}

describe('KeyedDebouncer (diagnostics per document)', () => {
  it('runs only the last call for a key after the quiet period', () => {
    const t = fakeTimers();
    const d = new KeyedDebouncer(150, t);
    const ran: string[] = [];
    d.schedule('a', () => ran.push('a1'));
    t.advance(100);
    d.schedule('a', () => ran.push('a2'));
    t.advance(149);
    assert.deepEqual(ran, []);
    assert.equal(d.isPending('a'), true);
    t.advance(1);
    assert.deepEqual(ran, ['a2']);
    assert.equal(d.isPending('a'), false);
  });

  it('keeps keys independent', () => {
    const t = fakeTimers();
    const d = new KeyedDebouncer(150, t);
    const ran: string[] = [];
    d.schedule('a', () => ran.push('a'));
    t.advance(100);
    d.schedule('b', () => ran.push('b'));
    t.advance(50);
    assert.deepEqual(ran, ['a']);
    t.advance(100);
    assert.deepEqual(ran, ['a', 'b']);
  });

  it('cancel and dispose drop pending work', () => {
    const t = fakeTimers();
    const d = new KeyedDebouncer(150, t);
    const ran: string[] = [];
    d.schedule('a', () => ran.push('a'));
    d.schedule('b', () => ran.push('b'));
    d.cancel('a');
    assert.equal(d.isPending('a'), false);
    d.dispose();
    t.advance(1000);
    assert.deepEqual(ran, []);
    assert.equal(t.pending(), 0);
  });
});

describe('KeyedDebouncer delay (gatewayIon.diagnostics.delay)', () => {
  function timers(): TimerApi & { delays: number[]; run(): void } {
    const fns: Array<() => void> = [];
    const delays: number[] = [];
    return {
      delays,
      set: (fn, ms) => {
        fns.push(fn);
        delays.push(ms);
        return fns.length;
      },
      clear: () => undefined,
      run: () => fns.splice(0).forEach((f) => f()),
    };
  }

  it('uses a changed delay for later calls, clamps bad values to 0, and takes a per-call delay (open: 0)', () => {
    const t = timers();
    const d = new KeyedDebouncer(150, t);
    d.schedule('a', () => undefined);
    d.delay = 400;
    d.schedule('b', () => undefined);
    d.schedule('c', () => undefined, 0);
    d.delay = -5;
    d.schedule('d', () => undefined);
    d.delay = Number.NaN;
    assert.equal(d.delay, 0);
    assert.deepEqual(t.delays, [150, 400, 0, 0]);
  });
});
