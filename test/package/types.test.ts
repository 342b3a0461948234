/**
 * The types users get from the published package, checked where users meet them: the tarball
 * installed by npm into a strict project that has typescript, react, @types/react, vue and
 * vue-tsc and not one declaration of its own. The fixtures (test/package/fixtures/) are compiled
 * by TypeScript 7 (the repo's `tsc`, resolving everything from that project) and by vue-tsc
 * (TypeScript 5.9: vue-tsc drives the TypeScript API that TypeScript 7 no longer has), which
 * also checks the Vue SFC templates. Files named `*.errors.*` hold mistakes that must not
 * compile: the line after each `expect-error: TSxxxx needle` marker must be reported with that
 * code and a message naming the needle, and no other line anywhere may be.
 *
 * Then the React wrapper runs: the fixture page (React 19 + react-dom + the installed package,
 * bundled by vite inside that project, so nothing resolves to this repo) in Chromium, each
 * event fired at the element and heard through its prop.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { build } from 'vite';
import { PAYNET_EVENT_NAMES } from '../../src/events/event-map.js';
import { launchChromium } from '../e2e/browser.js';
import { packTarball, projectWith, ROOT, type Project, type Tarball } from './tarball.js';

const run = promisify(execFile);
const FIXTURES = join(import.meta.dirname, 'fixtures');
/** vue-tsc needs a TypeScript with the JavaScript API (below 7). */
const VUE_TSC = '3.3.14';
const TYPESCRIPT_FOR_VUE_TSC = '5.9.3';

interface Diagnostic {
  file: string;
  line: number;
  code: string;
  message: string;
}

interface Expected {
  file: string;
  line: number;
  code: string;
  needle: string;
}

async function installedVersion(name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** `file(line,col): error TSxxxx: message` lines (continuation lines belong to the one before). */
function parseDiagnostics(output: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const match = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line);
    if (match !== null) diagnostics.push({ file: match[1]!.replace(/\\/g, '/'), line: Number(match[2]), code: match[3]!, message: match[4]! });
    else if (line.startsWith(' ') && diagnostics.length > 0) diagnostics[diagnostics.length - 1]!.message += `\n${line.trim()}`;
    else if (/error TS\d+/.test(line)) diagnostics.push({ file: '(global)', line: 0, code: 'TS?', message: line });
  }
  return diagnostics;
}

/** Runs a compiler that exits non-zero when it reports errors (as it must here); only a crash rejects. */
async function compile(project: Project, command: string, args: string[]): Promise<Diagnostic[]> {
  const output = await run(command, args, { cwd: project.dir, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string; code?: number }) => {
      if (typeof error.code !== 'number' || (error.stdout ?? '') === '') throw error;
      return { stdout: error.stdout ?? '', stderr: error.stderr ?? '' };
    },
  );
  return parseDiagnostics(`${output.stdout}\n${output.stderr}`);
}

/** The TypeScript snippet the README gives for apps, as a user would paste it. */
async function readmeSnippet(): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const snippet = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.includes("import 'paynet-checkout'"));
  assert.ok(snippet !== undefined, "README.md has no ```ts block importing 'paynet-checkout'");
  return snippet;
}

let tarball: Tarball;
let project: Project;
let expected: Expected[];
let byTsc: Diagnostic[];
let byVueTsc: Diagnostic[];

before(async () => {
  tarball = await packTarball();
  const [react, typesReact, vue] = await Promise.all(['react', '@types/react', 'vue'].map(installedVersion));
  project = await projectWith(tarball, {
    type: 'module',
    dependencies: {
      react: react!,
      'react-dom': react!,
      '@types/react': typesReact!,
      vue: vue!,
      'vue-tsc': VUE_TSC,
      typescript: TYPESCRIPT_FOR_VUE_TSC,
    },
  });
  const files = (await readdir(FIXTURES)).filter((name) => /\.(tsx?|vue|json)$/.test(name));
  for (const name of files) await writeFile(join(project.dir, name), await readFile(join(FIXTURES, name)));
  await writeFile(join(project.dir, 'readme.ts'), await readmeSnippet());
  await writeFile(join(project.dir, 'react-events.js'), await readFile(join(FIXTURES, 'runtime/react-events.js')));

  expected = [];
  for (const name of files.filter((file) => file.includes('.errors.'))) {
    const lines = (await readFile(join(FIXTURES, name), 'utf8')).split('\n');
    lines.forEach((text, index) => {
      const marker = /expect-error: (TS\d+) (\S+)/.exec(text);
      if (marker !== null) expected.push({ file: name, line: index + 2, code: marker[1]!, needle: marker[2]! });
    });
  }
  [byTsc, byVueTsc] = await Promise.all([
    compile(project, join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--pretty', 'false']),
    compile(project, join(project.dir, 'node_modules/.bin/vue-tsc'), ['-p', 'tsconfig.vue.json', '--pretty', 'false']),
  ]);
});

after(async () => {
  await project?.dispose();
  await tarball?.dispose();
});

const show = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`).join('\n');
const isExpected = (d: Diagnostic) => expected.some((e) => d.file.endsWith(e.file) && d.line === e.line);

describe('the published types, in a strict project with no declarations of its own', () => {
  const compilers = [
    ['TypeScript 7', () => byTsc],
    ['vue-tsc', () => byVueTsc],
  ] as const;

  for (const [fixture, what] of [
    ['readme.ts', "compile the README's snippet: querySelector('paynet-checkout') is the element, its paynet-success listener gets a typed detail"],
    ['react-wrapper.tsx', 'type the React wrapper: properties with what they accept, onPaynetSuccess and the other event props, a ref to the element'],
    ['react-jsx.tsx', 'type the raw tag in React 19 JSX with paynet-checkout/jsx: kebab attributes, properties, onpaynet-success listeners'],
  ] as const) {
    for (const [compiler, diagnostics] of compilers) {
      it(`${what} (${compiler})`, () => {
        assert.equal(show(diagnostics().filter((d) => d.file.endsWith(fixture))), '');
      });
    }
  }

  it('type the tag in a Vue SFC template with paynet-checkout/vue: attributes, properties, @paynet-success with a typed event (vue-tsc)', () => {
    assert.equal(show(byVueTsc.filter((d) => d.file.endsWith('checkout.vue'))), '');
  });

  it('report nothing else anywhere, the package declarations included (skipLibCheck off)', () => {
    assert.equal(show(byTsc.filter((d) => !isExpected(d))), '', 'TypeScript 7');
    assert.equal(show(byVueTsc.filter((d) => !isExpected(d))), '', 'vue-tsc');
  });

  describe('reject mistakes', () => {
    before(() => assert.ok(expected.length >= 10, `only ${expected.length} expect-error markers found`));
    it('every marked mistake is reported, on its line, with its code, naming what is wrong', () => {
      const missing: string[] = [];
      for (const mistake of expected) {
        const results = mistake.file.endsWith('.vue') ? [byVueTsc] : [byTsc, byVueTsc];
        for (const diagnostics of results) {
          const found = diagnostics.some(
            (d) => d.file.endsWith(mistake.file) && d.line === mistake.line && d.code === mistake.code && d.message.includes(mistake.needle),
          );
          if (!found) missing.push(`${mistake.file}:${mistake.line} ${mistake.code} ${mistake.needle} (${diagnostics === byTsc ? 'TypeScript 7' : 'vue-tsc'})`);
        }
      }
      assert.deepEqual(missing, [], `not reported:\n${missing.join('\n')}\n\nreported:\n${show([...byTsc, ...byVueTsc])}`);
    });
  });
});

describe('the React wrapper at run time (React 19 in Chromium, from the installed package)', () => {
  interface Check {
    oneClass: boolean;
    wrapperEvents: { props: Record<string, string>; heard: Array<[string, string]> };
    wrapperSuccess: { codes: string[]; refIsElement: boolean; sessionUrl: string; instalments: number[]; className: string };
    rawTag: { heard: Array<[string, string]>; sessionUrl: string; instalments: number[] };
  }
  let check: Check;
  const consoleErrors: string[] = [];

  before(async () => {
    const bundle = await build({
      root: project.dir,
      configFile: false,
      logLevel: 'silent',
      mode: 'development',
      define: { 'process.env.NODE_ENV': JSON.stringify('development') },
      build: {
        write: false,
        minify: false,
        lib: { entry: join(project.dir, 'react-events.js'), formats: ['iife'], name: 'reactCheckPage' },
      },
    });
    const output = (Array.isArray(bundle) ? bundle[0] : bundle) as { output: Array<{ type: string; code?: string }> };
    const code = output.output.find((chunk) => chunk.type === 'chunk')?.code;
    assert.ok(code !== undefined, 'vite produced no bundle');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(error.message));
      await page.setContent('<!doctype html><html><body></body></html>');
      await page.addScriptTag({ content: code });
      check = (await page.evaluate((names) => (globalThis as unknown as { reactCheck(n: readonly string[]): unknown }).reactCheck(names), PAYNET_EVENT_NAMES)) as Check;
    } finally {
      await browser.close();
    }
  });

  it('ships the element once: dist/react.js imports dist/paynet-checkout.js, the one ES module that defines the tag', async () => {
    assert.equal(check.oneClass, true, 'customElements.get is not the exported class');
    const dist = join(project.dir, 'node_modules/paynet-checkout/dist');
    assert.match(await readFile(join(dist, 'react.js'), 'utf8'), /from "\.\/paynet-checkout\.js"/);
    const modules = (await readdir(dist, { recursive: true })).filter((file) => file.endsWith('.js') && !file.includes('standalone') && !/^(server|src)\//.test(file));
    const defining = [];
    for (const file of modules) if ((await readFile(join(dist, file), 'utf8')).includes('customElements.define(')) defining.push(file);
    assert.deepEqual(defining, ['paynet-checkout.js']);
  });

  it('has an event prop for every event in PAYNET_EVENT_NAMES, and each prop hears its event once', () => {
    const pascal = (name: string) => name.replace(/(?:^|-)([a-z])/g, (_m, letter: string) => letter.toUpperCase());
    assert.deepEqual(check.wrapperEvents.props, Object.fromEntries(PAYNET_EVENT_NAMES.map((name) => [`on${pascal(name)}`, name])));
    assert.deepEqual(check.wrapperEvents.heard, PAYNET_EVENT_NAMES.map((name) => [`on${pascal(name)}`, name]));
  });

  it('calls onPaynetSuccess with the PaynetSuccessEvent, sets properties on the element (a list given as a string) and forwards the ref', () => {
    assert.deepEqual(check.wrapperSuccess, {
      codes: ['A1B2'],
      refIsElement: true,
      sessionUrl: '/api/paynet/sessions',
      instalments: [1, 2, 3],
      className: 'checkout',
    });
  });

  it('raw tag under React 19: onpaynet-success is a listener, onPaynetSuccess is not (it would listen to "PaynetSuccess")', () => {
    assert.deepEqual(check.rawTag, { heard: [['onpaynet-success', 'A1B2']], sessionUrl: '/api/paynet/sessions', instalments: [1, 2, 3] });
  });

  it('renders without a console error or warning', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
