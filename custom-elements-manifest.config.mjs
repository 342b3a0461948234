// `npm run analyze` (part of `npm run build`) writes dist/custom-elements.json from the JSDoc on
// the element class, so the published API (attributes, properties, events, parts, CSS custom
// properties) is declared once. The manifest describes the published files: one module,
// dist/paynet-checkout.js, holding what src/index.ts and src/paynet-checkout.ts export.

/**
 * The lit plugin reads `static properties` but not `state: true`, so internal state would be
 * listed as attributes; and it cannot resolve `customElements.define(TAG_NAME, …)`. This keeps
 * the manifest to the public API and gives each property its attribute's description. Modules
 * are sorted by path: the analyzer's file order varies between runs, which would churn the diff.
 */
import { readFileSync } from 'node:fs';

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

/** The modules a file re-exports with `export type * from …` (types only: no values). */
const typeOnlyStars = (path) => [...readFileSync(path, 'utf8').matchAll(/export type \* from '([^']+)'/g)].map((m) => m[1]);

const PUBLISHED_MODULE = 'dist/paynet-checkout.js';
const ENTRY_MODULES = ['src/paynet-checkout.ts', 'src/index.ts'];

/**
 * The analyzer describes src/*.ts, which is not shipped. This folds the public API into the
 * one module a user imports: every declaration the entry files export (followed through
 * re-exports), with references to other source modules pointed at the published file.
 */
function publishedModuleOnly() {
  return {
    name: 'paynet-published-module-only',
    packageLinkPhase({ customElementsManifest }) {
      const byPath = new Map(customElementsManifest.modules.map((m) => [m.path, m]));
      const resolvePath = (from, relative) => {
        if (!relative.startsWith('.')) return relative.replace(/\.js$/, '.ts'); // already resolved by the analyzer
        const base = from.split('/').slice(0, -1);
        for (const part of relative.split('/')) {
          if (part === '..') base.pop();
          else if (part !== '.') base.push(part);
        }
        return base.join('/').replace(/\.js$/, '.ts');
      };
      /** The declaration behind `name` as `path` exports it, through any chain of re-exports. */
      const declarationOf = (path, name, depth = 0) => {
        const mod = byPath.get(path);
        if (mod === undefined || depth > 10) return undefined;
        const own = mod.declarations?.find((d) => d.name === name);
        if (own !== undefined) return own;
        for (const entry of mod.exports ?? []) {
          if (entry.kind !== 'js' || (entry.name !== name && entry.name !== '*')) continue;
          const found = declarationOf(resolvePath(path, entry.declaration.module ?? path), entry.name === '*' ? name : entry.declaration.name, depth + 1);
          if (found !== undefined) return found;
        }
        return undefined;
      };
      const declarations = new Map();
      const exported = [];
      const visit = (path) => {
        for (const entry of byPath.get(path)?.exports ?? []) {
          if (entry.kind === 'custom-element-definition') {
            exported.push({ ...entry, declaration: { name: entry.declaration.name, module: PUBLISHED_MODULE } });
          } else if (entry.name === '*') {
            // `export type * from …` brings no values; the analyzer does not tell it apart.
            const target = resolvePath(path, entry.declaration.module ?? path);
            if (!typeOnlyStars(path).some((from) => resolvePath(path, from) === target)) visit(target);
          } else {
            // Types have no declaration in the manifest; only values are listed.
            const declaration = declarationOf(path, entry.name);
            if (declaration === undefined) continue;
            declarations.set(declaration.name, declaration);
            exported.push({ kind: 'js', name: entry.name, declaration: { name: declaration.name, module: PUBLISHED_MODULE } });
          }
        }
      };
      for (const entry of ENTRY_MODULES) visit(entry);
      const unique = [...new Map(exported.map((e) => [`${e.kind}:${e.name}`, e])).values()];
      const pointAtPublished = (value) => {
        if (Array.isArray(value)) return value.map(pointAtPublished);
        if (value === null || typeof value !== 'object') return value;
        const copy = {};
        for (const [key, inner] of Object.entries(value)) {
          copy[key] = key === 'module' && typeof inner === 'string' && /^(\.|src\/)/.test(inner) ? PUBLISHED_MODULE : pointAtPublished(inner);
        }
        return copy;
      };
      customElementsManifest.modules = [
        {
          kind: 'javascript-module',
          path: PUBLISHED_MODULE,
          declarations: [...declarations.values()].map(pointAtPublished),
          exports: unique,
        },
      ];
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['**/*.test.ts', 'test/**', 'node_modules/**'],
  outdir: 'dist',
  litelement: true,
  // package.json already points "customElements" at the manifest.
  packagejson: false,
  plugins: [publicApiOnly(), publishedModuleOnly()],
};
