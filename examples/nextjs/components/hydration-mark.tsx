'use client';
import { useEffect } from 'react';

/**
 * Sets `<html data-hydrated>` once React has hydrated the page, by touching the DOM and not
 * React state: a test can wait for hydration without causing the re-render it wants to rule out.
 */
export function HydrationMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = '';
  }, []);
  return null;
}
