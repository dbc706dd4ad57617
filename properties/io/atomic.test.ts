import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../src/errors';
import { AtomicWriter, writeFileAtomic } from '../../src/io/atomic';
import { fsFailure } from '../../src/io/fs-errors';
import { rhmProcess, tempDir } from '../support/cli';

const BIN = join(__dirname, '..', '..', 'bin', 'rhm.js');
const GRAMMAR = ['--sampler', 'cagnetta', '--classes', '4', '--vocab', '8', '--m', '2', '--s', '2', '--L', '3'];

function grammar(dir: string): string {
  const g = join(dir, 'g.json');
  expect(rhmProcess(['generate', ...GRAMMAR, '-o', g]).code).toBe(0);
  return g;
}

function temporaries(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.includes('.tmp-'));
}

/** The pid of a process that has exited (so no process holds it now, barring reuse). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('issue 15 item 1: -o never replaces what is not a regular file', () => {
  const dir = tempDir();
  const g = grammar(dir);

  test('a FIFO, a directory and a symlink to /dev/null are refused with exit 2, left as they were', () => {
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const devnull = join(dir, 'null-link');
    symlinkSync('/dev/null', devnull);
    mkdirSync(join(dir, 'adir'));
    for (const target of [fifo, devnull, join(dir, 'adir')]) {
      const r = rhmProcess(['sample', g, '--n', '5', '-o', target]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not a regular file|is a directory/);
      expect(r.stderr).toContain(target);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(spawnSync('test', ['-p', fifo]).status).toBe(0);
    expect(spawnSync('test', ['-c', '/dev/null']).status).toBe(0);
    expect(temporaries(dir)).toEqual([]);
  });

  test('a symlink to a regular file is followed: the file is replaced, the link kept (documented)', () => {
    const real = join(dir, 'real.json');
    writeFileSync(real, 'old\n');
    const link = join(dir, 'link.json');
    symlinkSync(real, link);
    writeFileAtomic(link, 'new\n');
    expect(readFileSync(real, 'utf8')).toBe('new\n');
    expect(spawnSync('test', ['-L', link]).status).toBe(0);
    symlinkSync(join(dir, 'missing'), join(dir, 'dangling'));
    expect(() => writeFileAtomic(join(dir, 'dangling'), 'x')).toThrow(/symbolic link to a missing file/);
  });
});

describe('issue 15 item 7: the user environment is exit 2 with the path and the fix', () => {
  const dir = tempDir();
  const g = grammar(dir);

  test('-o under a file, validate of a directory and of a missing file', () => {
    writeFileSync(join(dir, 'plain'), '');
    const cases: [string[], RegExp][] = [
      [['sample', g, '--n', '3', '-o', join(dir, 'plain', 'x')], /not a directory/],
      [['generate', ...GRAMMAR, '-o', join(dir, 'plain', 'x')], /not a directory/],
      [['validate', dir], /not a regular file/],
      [['validate', join(dir, 'nope.json')], /no such file/],
    ];
    for (const [argv, why] of cases) {
      const r = rhmProcess(argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.stderr).toMatch(why);
      expect(r.stderr).toMatch(/Fix: /);
    }
  });

  // Root ignores permissions, so the real EACCES cases run as `nobody` (uid 65534) when the tests run as root.
  const asNobody = process.getuid?.() === 0 ? test : test.skip;
  asNobody('an unreadable grammar, -o into a read-only directory and a read-only reports directory (EACCES)', () => {
    const base = tempDir();
    chmodSync(base, 0o755);
    const ok = join(base, 'ok.json');
    copyFileSync(g, ok);
    chmodSync(ok, 0o644);
    const secret = join(base, 'secret.json');
    copyFileSync(g, secret);
    chmodSync(secret, 0o000);
    const ro = join(base, 'ro');
    mkdirSync(join(ro, 'reports'), { recursive: true });
    chmodSync(join(ro, 'reports'), 0o555);
    chmodSync(ro, 0o555);
    const nobody = (argv: string[]) =>
      spawnSync(process.execPath, [BIN, ...argv], {
        uid: 65534,
        gid: 65534,
        cwd: ro,
        encoding: 'utf8',
        timeout: 30_000,
      });
    for (const argv of [
      ['validate', secret],
      ['sample', ok, '--n', '2', '-o', join(ro, 'x.jsonl')],
      ['generate', ...GRAMMAR, '-o', join(ro, 'y.json')],
    ]) {
      const r = nobody(argv);
      expect({ argv, code: r.status }).toEqual({ argv, code: 2 });
      expect(r.stderr).toMatch(/permission denied \(EACCES\)\. Fix: /);
    }
    const check = nobody(['check', ok]);
    expect(check.stderr).toMatch(/reports directory .*permission denied \(EACCES\)/s);
    expect(check.stderr).not.toMatch(/already exists/);
  });

  test('EACCES, EROFS, ENOSPC and EISDIR map to invalid input naming the path; other errors pass through', () => {
    for (const code of ['EACCES', 'EROFS', 'ENOSPC', 'EISDIR', 'ENOTDIR', 'EPERM']) {
      const e = fsFailure(Object.assign(new Error(code), { code }), 'output file x', 'x');
      expect(e).toBeInstanceOf(InvalidInputError);
      expect((e as InvalidInputError).violations[0]?.path).toBe('x');
    }
    const bug = new TypeError('bug');
    expect(fsFailure(bug, 's', 'x')).toBe(bug);
  });
});

describe('issue 15 item 6: broken and full output streams', () => {
  const dir = tempDir();
  const g = grammar(dir);

  test('EPIPE (| head -1) ends quietly with exit 141 and no stack trace', async () => {
    const child = spawn(process.execPath, [BIN, 'sample', g, '--n', '1000000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(141);
    expect(stderr).toBe('');
  }, 30_000);

  const full = existsSync('/dev/full') ? test : test.skip;
  full('ENOSPC on standard output (> /dev/full) exits 2 with one line', () => {
    const fd = openSync('/dev/full', 'w');
    const r = spawnSync(process.execPath, [BIN, 'sample', g, '--n', '100000'], {
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/disk is full/);
  });
});

describe('issue 15 item 8: no debris after an interruption', () => {
  test('SIGINT and SIGTERM during sample -o remove the temporary file and kill with the signal', async () => {
    const dir = tempDir();
    const g = grammar(dir);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const out = join(dir, `big-${signal}`);
      const child = spawn(process.execPath, [BIN, 'sample', g, '--n', '100000000', '-o', out], { stdio: 'ignore' });
      for (let i = 0; i < 200 && temporaries(dir).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(temporaries(dir)).toHaveLength(1);
      child.kill(signal);
      const [code, sig] = await new Promise<[number | null, string | null]>((resolve) =>
        child.on('exit', (c, s) => resolve([c, s])),
      );
      expect({ code, sig }).toEqual({ code: null, sig: signal });
      expect(temporaries(dir)).toEqual([]);
      expect(existsSync(out)).toBe(false);
    }
  }, 60_000);

  test("the next write removes a killed run's temporary, and leaves a live writer's alone", () => {
    const dir = tempDir();
    const target = join(dir, 'x.json');
    const stale = join(dir, `.x.json.tmp-${deadPid()}-0123456789ab`);
    writeFileSync(stale, 'partial');
    const live = new AtomicWriter(target); // this process: alive, and holds its temporary open
    writeFileAtomic(target, 'done\n');
    expect(existsSync(stale)).toBe(false);
    expect(temporaries(dir)).toHaveLength(1);
    live.abort();
    expect(temporaries(dir)).toEqual([]);
    expect(readFileSync(target, 'utf8')).toBe('done\n');
  });
});
