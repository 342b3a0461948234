import type { ReactNode } from 'react';

/** The shop's order summary around a checkout (a server component: it has no client code). */
export function ShopPage({ binding, children }: { binding: string; children: ReactNode }) {
  return (
    <main>
      <h1>Espresso beans, 1 kg</h1>
      <p>149.90 TRY · {binding}</p>
      {children}
    </main>
  );
}
