'use client';
import { useEffect, useRef, useState } from 'react';
import { useDashboardApi } from './api-context';
import type { LiveMessage } from './api-types';

/** The state of an experiment's live subscription, as the page shows it. */
export interface LiveState {
  /** `connecting` after a dropped connection too: tRPC reconnects with the last event id. */
  readonly connection: 'off' | 'connecting' | 'live' | 'ended';
  /** Messages received so far. */
  readonly messages: number;
  /** The highest step seen in any message. */
  readonly step: number | undefined;
  /** Bumped at most every `throttleMs` while messages arrive: pages reload what they show on it. */
  readonly tick: number;
  readonly error: string | undefined;
}

function stepOf(message: LiveMessage): number | undefined {
  let best: number | undefined;
  const visit = (v: unknown, depth: number) => {
    if (depth > 4 || v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'step' && typeof x === 'number') best = best === undefined ? x : Math.max(best, x);
      else visit(x, depth + 1);
    }
  };
  visit(message, 0);
  return best;
}

/**
 * Follows an experiment through `live.experiment` while `enabled`: counts messages, tracks the
 * highest step and bumps `tick` (throttled) so the page refreshes its charts without a reload.
 */
export function useLive(experimentId: string, enabled: boolean, throttleMs = 1000): LiveState {
  const api = useDashboardApi();
  const [state, setState] = useState<LiveState>({ connection: 'off', messages: 0, step: undefined, tick: 0, error: undefined });
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (!enabled) return;
    setState((s) => ({ ...s, connection: 'connecting' }));
    const bump = () => {
      if (pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = undefined;
        setState((s) => ({ ...s, tick: s.tick + 1 }));
      }, throttleMs);
    };
    const unsubscribe = api.live(experimentId, {
      onData(message) {
        const step = stepOf(message);
        setState((s) => ({ ...s, connection: 'live', messages: s.messages + 1, step: step === undefined ? s.step : Math.max(step, s.step ?? step), error: undefined }));
        bump();
      },
      onError(error) {
        setState((s) => ({ ...s, connection: 'ended', error: error.message }));
      },
      onState(connection, error) {
        setState((s) => ({ ...s, connection: connection === 'pending' ? 'live' : connection === 'connecting' ? 'connecting' : s.connection, error: error?.message ?? s.error }));
      },
      onComplete() {
        setState((s) => ({ ...s, connection: 'ended', tick: s.tick + 1 }));
      },
    });
    return () => {
      clearTimeout(pending.current);
      pending.current = undefined;
      unsubscribe();
    };
  }, [api, experimentId, enabled, throttleMs]);
  return state;
}
