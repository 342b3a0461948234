import { css } from 'lit';

/**
 * The card fields' look, in the card chunk with them; the element adopts it beside its own
 * styles when the chunk is in (src/lazy/chunk-styles.ts).
 */
export const styles = css`
  .card-grid {
    display: grid;
    gap: 0.75rem;
    grid-template-columns: 1fr 1fr;
  }

  .card-grid .wide {
    grid-column: 1 / -1;
  }

  @container (max-width: 20rem) {
    .card-grid {
      grid-template-columns: 1fr;
    }
  }

  .brand {
    color: var(--_muted);
    font-size: 0.8125rem;
  }
`;
