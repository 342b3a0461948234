// `npm run analyze` writes custom-elements.json from the JSDoc on the element class, so the
// published API (attributes, properties, events, parts, CSS custom properties) is declared once.

/**
 * The lit plugin reads `static properties` but not `state: true`, so internal state would be
 * listed as attributes; and it cannot resolve `customElements.define(TAG_NAME, …)`. This keeps
 * the manifest to the public API and gives each property its attribute's description. Modules
 * are sorted by path: the analyzer's file order varies between runs, which would churn the diff.
 */
function publicApiOnly() {
  return {
    name: 'paynet-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (!declaration.customElement) continue;
          const hidden = new Set(
            (declaration.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name),
          );
          declaration.members = (declaration.members ?? []).filter((m) => !hidden.has(m.name));
          declaration.attributes = (declaration.attributes ?? []).filter((a) => !hidden.has(a.fieldName));
          for (const member of declaration.members) {
            const attribute = declaration.attributes.find((a) => a.fieldName === member.name);
            if (attribute?.description !== undefined && member.description === undefined) member.description = attribute.description;
          }
        }
        for (const entry of mod.exports ?? []) {
          if (entry.kind !== 'custom-element-definition') continue;
          const definedClass = customElementsManifest.modules
            .flatMap((m) => (m.declarations ?? []).map((d) => ({ module: m.path, declaration: d })))
            .find(({ declaration }) => declaration.name === entry.declaration.name && declaration.tagName !== undefined);
          if (definedClass === undefined) continue;
          entry.name = definedClass.declaration.tagName;
          entry.declaration.module = definedClass.module;
        }
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['**/*.test.ts', 'test/**', 'node_modules/**'],
  outdir: '.',
  litelement: true,
  // package.json already points "customElements" at the manifest.
  packagejson: false,
  plugins: [publicApiOnly()],
};
