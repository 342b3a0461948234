import type { ReactNode } from 'react';
import { HydrationMark } from '../components/hydration-mark';

export const metadata = { title: 'paynet-checkout · Next.js' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {children}
        <HydrationMark />
      </body>
    </html>
  );
}
