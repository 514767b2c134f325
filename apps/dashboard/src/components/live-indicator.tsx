import type { LiveState } from '../lib/use-live';

/** One line saying whether the page follows the experiment live, and how far it got. */
export function LiveIndicator({ live }: { live: LiveState }) {
  const text =
    live.connection === 'live'
      ? `● live · ${live.messages} updates${live.step === undefined ? '' : ` · step ${live.step}`}`
      : live.connection === 'connecting'
        ? `○ connecting to live updates…${live.messages > 0 ? ` (${live.messages} so far; resumes where it stopped)` : ''}`
        : live.connection === 'ended'
          ? `live updates ended${live.error ? `: ${live.error}` : ''}${live.step === undefined ? '' : ` · last step ${live.step}`}`
          : 'not running: showing stored data';
  return (
    <span
      className={`live ${live.connection === 'live' ? 'on' : 'off'}`}
      data-testid="live"
      data-live-state={live.connection}
      data-live-messages={live.messages}
      data-live-step={live.step ?? ''}
    >
      {text}
    </span>
  );
}
