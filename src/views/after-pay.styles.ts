import { css } from 'lit';

/**
 * The waiting view's countdown and notes, and the final views' badge and summary, in the
 * runtime chunk with them; adopted beside the element's own styles when it is in
 * (src/lazy/chunk-styles.ts).
 */
export const styles = css`
  .countdown {
    display: flex;
    justify-content: space-between;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }

  .countdown strong {
    color: var(--_text);
  }

  .note {
    padding: 0.5rem 0.75rem;
    border-radius: calc(var(--_radius) * 0.5);
    background: var(--_surface-2);
    color: var(--_muted);
    font-size: 0.875rem;
  }

  .result {
    text-align: center;
    justify-items: center;
  }

  .result .summary {
    inline-size: 100%;
    text-align: start;
  }

  .badge {
    display: grid;
    place-items: center;
    inline-size: 3rem;
    block-size: 3rem;
    border-radius: 50%;
    font-size: 1.5rem;
    font-weight: 700;
    color: var(--_surface);
    background: var(--_muted);
  }

  .success .badge {
    background: var(--_success);
  }

  .failed .badge,
  .error .badge {
    background: var(--_danger);
  }

  .message {
    overflow-wrap: anywhere;
  }
`;
