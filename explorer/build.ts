/**
 * Builds the explorer into one self-contained page, `dist/explorer/index.html`, that works opened from disk.
 *
 * Why one file with everything inline: a file:// page may run inline scripts, but Chromium refuses module
 * workers and most fetches from file://. So the search worker is bundled as a classic script (IIFE), inlined
 * into the page's script as a string, and started from a Blob URL; the page's own script and style are inlined
 * into the HTML. Run: `npm run explorer:build` (or `node dist/explorer-build/build.mjs [outDir]`).
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What was built, for the summary line. */
export interface ExplorerBuild {
  readonly file: string;
  readonly bytes: number;
}

async function bundle(entry: string, define: Record<string, string> = {}): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    define,
    logLevel: 'silent',
  });
  const out = result.outputFiles[0];
  if (out === undefined) throw new Error('explorer: esbuild produced no output');
  return out.text;
}

/** Builds the page into `outDir` (written whole, then renamed, so no half-written page is left). */
export async function buildExplorer(root: string, outDir: string): Promise<ExplorerBuild> {
  const src = join(root, 'explorer', 'src');
  const worker = await bundle(join(src, 'worker.ts'));
  const main = await bundle(join(src, 'main.ts'), { WORKER_SOURCE: JSON.stringify(worker) });
  const template = readFileSync(join(root, 'explorer', 'index.html'), 'utf8');
  const style = readFileSync(join(root, 'explorer', 'style.css'), 'utf8');
  // A literal `</script` inside the bundle would end the inline script early.
  const script = main.replace(/<\/script/gi, '<\\/script');
  // Functions as replacements, so `$&` and friends in the bundle are not read as patterns.
  const html = template.replace('/*STYLE*/', () => style).replace('/*SCRIPT*/', () => script);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'index.html');
  writeFileSync(`${file}.tmp`, html);
  renameSync(`${file}.tmp`, file);
  return { file, bytes: Buffer.byteLength(html) };
}

const here = fileURLToPath(import.meta.url);
if (process.argv[1] !== undefined && resolve(process.argv[1]) === here) {
  const root = resolve(dirname(here), '..', '..');
  const outDir = resolve(process.argv[2] ?? join(root, 'dist', 'explorer'));
  buildExplorer(root, outDir).then(
    (b) => {
      process.stdout.write(
        `explorer: wrote ${b.file} (${Math.round(b.bytes / 1024)} KiB); open ${pathToFileURL(b.file).href} in a browser\n`,
      );
    },
    (e: unknown) => {
      process.stderr.write(`explorer: build failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
