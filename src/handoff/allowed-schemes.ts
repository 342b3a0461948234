/** The `allowed-schemes` default, on its own: the attribute table needs it in the first script, the deeplink checks come later. */
export const DEFAULT_ALLOWED_SCHEMES = ['paypos', 'https'] as const;
