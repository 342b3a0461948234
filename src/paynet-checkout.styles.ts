import { css } from 'lit';

/**
 * Public look: `--paynet-*` custom properties (read once into private `--_*` ones, so dark
 * mode only swaps defaults and a page's own value always wins) and `::part`s.
 */
export const styles = css`
  :host {
    --_accent: var(--paynet-accent, #0b57d0);
    --_accent-text: var(--paynet-accent-text, #ffffff);
    --_surface: var(--paynet-surface, #ffffff);
    --_surface-2: var(--paynet-surface-muted, #f3f5f9);
    --_text: var(--paynet-text, #14171f);
    --_muted: var(--paynet-text-muted, #4f5768);
    --_border: var(--paynet-border, #c9cfdb);
    --_danger: var(--paynet-danger, #b3261e);
    --_success: var(--paynet-success, #146c2e);
    --_radius: var(--paynet-radius, 12px);
    --_font: var(--paynet-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_focus: var(--paynet-focus-ring, 0 0 0 3px color-mix(in srgb, var(--_accent) 45%, transparent));
    --_gap: 1rem;

    display: block;
    container-type: inline-size;
    min-inline-size: 0;
    max-inline-size: 30rem;
    color: var(--_text);
    font-family: var(--_font);
    font-size: 1rem;
    line-height: 1.45;
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--paynet-accent, #a8c7fa);
      --_accent-text: var(--paynet-accent-text, #062e6f);
      --_surface: var(--paynet-surface, #1b1d23);
      --_surface-2: var(--paynet-surface-muted, #262a33);
      --_text: var(--paynet-text, #e8eaf0);
      --_muted: var(--paynet-text-muted, #b4bac7);
      --_border: var(--paynet-border, #4a5060);
      --_danger: var(--paynet-danger, #ffb4ab);
      --_success: var(--paynet-success, #6dd58c);
    }
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  .base {
    display: grid;
    gap: var(--_gap);
    padding: clamp(0.875rem, 4cqi, 1.5rem);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  form,
  section {
    display: grid;
    gap: var(--_gap);
    margin: 0;
  }

  .heading {
    margin: 0;
    font-size: 1.25rem;
    line-height: 1.25;
    font-weight: 650;
  }

  .heading:focus {
    outline: none;
  }

  .heading:focus-visible {
    box-shadow: var(--_focus);
    border-radius: 4px;
  }

  p {
    margin: 0;
  }

  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-inline-size: 0;
  }

  .field {
    display: grid;
    gap: 0.375rem;
  }

  label,
  legend {
    font-weight: 600;
    font-size: 0.9375rem;
  }

  legend {
    padding: 0;
    margin-block-end: 0.375rem;
  }

  .hint,
  .muted {
    color: var(--_muted);
    font-size: 0.875rem;
  }

  input,
  select {
    inline-size: 100%;
    min-block-size: 2.75rem;
    padding: 0.5rem 0.75rem;
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.66);
  }

  input:focus-visible,
  select:focus-visible,
  button:focus-visible,
  a:focus-visible,
  .segment input:focus-visible + span {
    outline: none;
    box-shadow: var(--_focus);
  }

  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }

  .amount-input {
    font-size: 1.375rem;
    font-variant-numeric: tabular-nums;
  }

  .error {
    color: var(--_danger);
    font-size: 0.875rem;
    min-block-size: 0;
  }

  .error:empty {
    display: none;
  }

  .segmented {
    display: grid;
  }

  .segments {
    display: grid;
    /* At most three to a row (1 2 3 / 6 9 12 reads as a table, not 5 + 1), fewer when narrow;
       auto-fit lets two choices share the whole row. */
    grid-template-columns: repeat(auto-fit, minmax(max(6rem, 30%), 1fr));
    gap: 0.5rem;
  }

  .segment {
    position: relative;
    font-weight: 500;
  }

  .segment input {
    position: absolute;
    inset: 0;
    opacity: 0;
    margin: 0;
    min-block-size: 0;
    cursor: pointer;
  }

  .segment span {
    display: grid;
    place-items: center;
    min-block-size: 2.75rem;
    padding: 0.375rem 0.5rem;
    text-align: center;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.66);
    background: var(--_surface);
  }

  .segment input:checked + span {
    border-color: var(--_accent);
    background: color-mix(in srgb, var(--_accent) 14%, var(--_surface));
    box-shadow: inset 0 0 0 1px var(--_accent);
    font-weight: 650;
  }

  button,
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    min-block-size: 2.75rem;
    padding: 0.625rem 1rem;
    font: inherit;
    font-weight: 600;
    text-decoration: none;
    border-radius: calc(var(--_radius) * 0.66);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
    transition: background-color 120ms ease, transform 120ms ease;
  }

  button:active {
    transform: translateY(1px);
  }

  .primary {
    inline-size: 100%;
    min-block-size: 3rem;
    border-color: transparent;
    background: var(--_accent);
    color: var(--_accent-text);
    font-size: 1.0625rem;
  }

  .primary:hover {
    background: color-mix(in srgb, var(--_accent) 88%, black);
  }

  [aria-disabled='true'],
  button:disabled {
    cursor: progress;
    opacity: 0.75;
  }

  .spinner {
    inline-size: 1em;
    block-size: 1em;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 800ms linear infinite;
  }

  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }

  .summary {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.25rem 1rem;
    margin: 0;
    padding: 0.75rem 1rem;
    background: var(--_surface-2);
    border-radius: calc(var(--_radius) * 0.66);
  }

  .summary dt {
    color: var(--_muted);
  }

  .summary dd {
    margin: 0;
    text-align: end;
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 1ms !important;
      animation-iteration-count: 1 !important;
      transition-duration: 1ms !important;
    }

    .spinner {
      animation: none;
      border-inline-end-color: currentColor;
      opacity: 0.6;
    }
  }
`;
