// Browser tests of the console: a real `ticketbooth serve` (built from this repository) on
// loopback, driven in Debian's Chromium by playwright-core. Screenshots of every state go to
// artifacts/ (git-ignored). Run with `make browser` (or `make test`).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { chromium } = require('playwright-core');
const { PNG } = require('pngjs');
const jsQR = require('jsqr');

const root = path.resolve(__dirname, '../../..');
const bin = process.env.TICKETBOOTH_BIN || path.join(root, 'bin', 'ticketbooth');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const artifacts = path.join(__dirname, 'artifacts');
const appId = '1400000000';

let server, base, work, context, page, keyFile;
const pageErrors = [];
const foreignRequests = [];

// The environment of the server and the CLI: no TICKETBOOTH_* from the caller, so serve runs
// with its development defaults (dev auth, a fresh secret document in the work directory).
function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TICKETBOOTH_')) env[k] = v;
  return env;
}

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(bin, ['serve', '--addr', '127.0.0.1:0'], { cwd: work, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    server.stderr.on('data', (d) => { stderr += d; });
    server.on('exit', (code) => reject(new Error('serve exited ' + code + ': ' + stderr)));
    readline.createInterface({ input: server.stdout }).on('line', (line) => {
      const m = /^Console: (http:\/\/127\.0\.0\.1:\d+)\/console\/$/.exec(line);
      if (m) resolve(m[1]);
    });
  });
}

async function post(route, body) {
  const res = await fetch(base + route, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json();
  assert.equal(res.status, 200, route + ': ' + JSON.stringify(data));
  return data;
}

function cli(...args) {
  return execFileSync(bin, args, { cwd: work, env: cleanEnv(), encoding: 'utf8' }).trim();
}

async function shot(name, target) {
  await (target || page).screenshot({ path: path.join(artifacts, name + '.png'), fullPage: !target });
}

async function inspect(text) {
  await page.fill('#inspect-text', text);
  await page.click('#inspect-go');
  await page.waitForSelector('#inspect-verdict');
  return page.locator('#inspect-result');
}

before(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ticketbooth-console-'));
  base = await startServer();
  const doc = JSON.parse(fs.readFileSync(path.join(work, '.ticketbooth', 'dev-secret.json'), 'utf8'));
  keyFile = path.join(work, 'key.txt');
  fs.writeFileSync(keyFile, doc.apps[0].secretKey, { mode: 0o600 });

  context = await chromium.launchPersistentContext(path.join(work, 'chromium-profile'), {
    executablePath: browserPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
    viewport: { width: 1100, height: 900 },
    deviceScaleFactor: 1,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(base + '/') && !r.url().startsWith('blob:')) foreignRequests.push(r.url()); });
  await page.goto(base + '/console/');
  await page.waitForSelector('body[data-ready="true"]');
});

after(async () => {
  if (context) await context.close();
  if (server) {
    server.removeAllListeners('exit');
    server.kill('SIGTERM');
  }
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the page loads under its CSP with no error and no request to another origin', async () => {
  await shot('01-loaded');
  const res = await fetch(base + '/console/');
  assert.match(res.headers.get('content-security-policy'), /script-src 'self'/);
  assert.equal(await page.locator('#make-app option').count(), 1);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreignRequests, []);
});

test('inspect a valid UserSig', async () => {
  const { userSig } = await post('/v1/usersig', { userId: 'alice', expire: 3600 });
  const out = await inspect(userSig);
  assert.equal(await page.getAttribute('#inspect-verdict', 'data-valid'), 'true');
  await assert.doesNotReject(out.getByText('TRTC would accept it').waitFor());
  assert.match(await out.locator('.sig').innerText(), /signature valid/);
  assert.match(await out.locator('.countdown').innerText(), /^valid for (59m|1h)/);
  assert.match(await out.locator('dl.fields').innerText(), /alice/);
  await shot('02-inspect-valid-usersig');
});

test('inspect an expired UserSig: 70001 with its cause and fix', async () => {
  const at = Math.floor(Date.now() / 1000) - 7200;
  const expired = cli('usersig', '--sdkappid', appId, '--userid', 'alice', '--expire', '60', '--at', String(at), '--key-file', keyFile);
  const out = await inspect(expired);
  assert.equal(await page.getAttribute('#inspect-verdict', 'data-valid'), 'false');
  const problem = await out.locator('.problem').first().innerText();
  assert.match(problem, /UserSig expired at/);
  assert.match(problem, /-100018 \/ 70001/);
  assert.match(problem, /Fix:/);
  assert.match(problem, /解决：/);
  assert.match(await out.locator('.sig').innerText(), /signature valid/);
  assert.match(await out.locator('.countdown').innerText(), /^expired /);
  await shot('03-inspect-expired-usersig');
  await shot('03-inspect-section', page.locator('#inspect')); // the one in docs/console.md

});

test('inspect a push URL whose PrivateMapKey is for another room: -100006', async () => {
  const made = await post('/v1/roomurl', { userId: 'alice', roomId: 1234, privileges: ['join', 'send-audio', 'send-video', 'recv-audio', 'recv-video'] });
  const other = await post('/v1/privatemapkey', { userId: 'alice', roomId: 999, privileges: ['join'] });
  const url = made.pushUrl.replace(/privatemapkey=[^&]*/, 'privatemapkey=' + other.privateMapKey);
  assert.notEqual(url, made.pushUrl);
  const out = await inspect(url);
  assert.equal(await page.getAttribute('#inspect-verdict', 'data-valid'), 'false');
  const card = out.locator('article.ticket[data-where="privatemapkey"]');
  const text = await card.innerText();
  assert.match(text, /the URL's PrivateMapKey was issued for room 999, not the URL's room 1234/);
  assert.match(text, /-100006/);
  assert.match(text, /PrivateMapKey refused/);
  assert.equal(await card.locator('.box.on').count(), 1);
  assert.equal(await card.locator('.box[data-priv="join"]').getAttribute('class'), 'box on');
  assert.match(await out.locator('article.ticket[data-where="usersig"] .sig').innerText(), /signature valid/);
  assert.match(await out.locator('article.url').innerText(), /roomid\s+1234/);
  // The page is shown no ticket it was not given, and never a key.
  const html = await page.content();
  assert.ok(!html.includes(fs.readFileSync(keyFile, 'utf8')), 'the secret key reached the page');
  await shot('04-inspect-url-other-room');
});

test('make a push URL, then scan its QR code back from a screenshot', async () => {
  await page.fill('#make-user', 'bob');
  await page.fill('#make-room', '4321');
  await page.selectOption('#make-role', 'anchor');
  await page.click('#make-go');
  const img = page.locator('#make-qr img');
  await img.waitFor();
  await page.waitForFunction(() => { const i = document.querySelector('#make-qr img'); return i && i.complete && i.naturalWidth > 0; });
  const pushUrl = await page.inputValue('#out-pushurl');
  assert.match(pushUrl, /^room:\/\/cloud\.tencent\.com\/rtc\?sdkappid=1400000000&roomid=4321&userid=bob&usersig=/);
  assert.match(await page.inputValue('#out-usersig'), /^eA/);
  await shot('05-make-url');
  const buf = await page.locator('#make-qr').screenshot({ path: path.join(artifacts, '05-make-qr.png') });
  const png = PNG.sync.read(buf);
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  assert.ok(code, 'no QR code found in the screenshot');
  assert.equal(code.data, pushUrl);
  // The made URL inspects as valid, with all eight privileges.
  await page.click('text=Inspect this URL');
  await page.waitForFunction(() => document.querySelector('#inspect-verdict') && document.querySelector('#inspect-verdict').dataset.valid === 'true');
  assert.equal(await page.locator('article.ticket[data-where="privatemapkey"] .box.on').count(), 8);
  // A copy button puts the URL on the clipboard.
  await page.locator('#make-result .copy').last().click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), pushUrl);
});

test('explain box: a code typed and entered with the keyboard', async () => {
  await page.focus('#explain-code');
  await page.keyboard.type('-100006');
  await page.keyboard.press('Enter');
  const card = page.locator('#explain-card');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-code'), '-100006');
  assert.match(await card.innerText(), /PrivateMapKey refused/);
  await page.fill('#explain-code', '86');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#explain-card[data-code="roomsig_86"]');
  assert.match(await page.locator('#explain-card').innerText(), /已过期|expired/);
  await shot('06-explain', page.locator('#explain'));
  await page.fill('#explain-code', 'nope');
  await page.keyboard.press('Enter');
  assert.match(await page.locator('#explain-result [role=alert]').innerText(), /Unknown code/);
});

test('readable on a phone-sized window', async () => {
  await page.setViewportSize({ width: 375, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, 'the page is ' + overflow + ' px wider than a phone');
  await shot('07-phone');
  await page.setViewportSize({ width: 1100, height: 900 });
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreignRequests, []);
});
