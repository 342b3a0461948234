import { css } from 'lit';

/**
 * The QR code, Copy link and its fallback field, in the QR chunk with them; adopted beside
 * the element's own styles when the chunk is in (src/lazy/chunk-styles.ts).
 */
export const styles = css`
  .qr {
    display: grid;
    justify-items: center;
    gap: 0.75rem;
    margin: 0;
  }

  .qr svg {
    inline-size: min(100%, 16rem);
    block-size: auto;
    border-radius: calc(var(--_radius) * 0.5);
    /* A QR code must stay dark on light whatever the theme, or phones cannot read it. */
    background: #ffffff;
  }

  .qr figcaption {
    color: var(--_muted);
    font-size: 0.9375rem;
    text-align: center;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }

  .actions > * {
    flex: 1 1 8rem;
  }

  .copy-fallback {
    display: grid;
    gap: 0.375rem;
    inline-size: 100%;
  }
`;
