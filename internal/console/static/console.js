// ticketbooth console. Plain DOM, no library, no inline handlers (the page's CSP forbids them).
// Everything the page shows is built with createElement/textContent: nothing pasted is parsed as HTML.
'use strict';

(function () {
  const api = '/console/api/';
  let config = null;
  let codes = new Map();
  let skew = 0; // serverTime - local time, seconds

  // el('tag', {attr: value}, child, …): children are nodes or strings.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === undefined || v === null) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  // bi('English', '中文'): both languages, the Chinese part marked for screen readers.
  function bi(en, zh) {
    return [en, ' · ', el('span', { lang: 'zh-CN' }, zh)];
  }
  function clear(node) { node.replaceChildren(); return node; }

  async function call(method, path, body) {
    const opts = { method, headers: {} };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, opts);
    } catch (e) {
      throw new Error('the server did not answer (is ticketbooth serve still running?)');
    }
    const type = res.headers.get('Content-Type') || '';
    if (!type.startsWith('application/json')) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res;
    }
    const data = await res.json();
    if (!res.ok) {
      const err = new Error((data.error && data.error.message) || ('HTTP ' + res.status));
      err.code = data.error && data.error.code;
      throw err;
    }
    if (data.serverTime) {
      const t = typeof data.serverTime === 'number' ? data.serverTime : Date.parse(data.serverTime) / 1000;
      if (!Number.isNaN(t)) skew = t - Date.now() / 1000;
    }
    return data;
  }

  function alertBox(err) {
    return el('p', { class: 'alert', role: 'alert' }, err.code ? '[' + err.code + '] ' : '', err.message);
  }

  function fmtTime(unix) {
    const d = new Date(unix * 1000);
    return d.toISOString().replace('.000Z', 'Z') + '  (' + d.toLocaleString() + ')';
  }
  function fmtSpan(s) {
    s = Math.max(0, Math.floor(s));
    const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
    const parts = [];
    if (d) parts.push(d + 'd');
    if (d || h) parts.push(h + 'h');
    if (d || h || m) parts.push(m + 'm');
    parts.push(sec + 's');
    return parts.join(' ');
  }
  function countdown(expiresAt) {
    const span = el('span', { class: 'countdown', 'data-expires': String(expiresAt) });
    tick(span);
    return span;
  }
  function tick(span) {
    const left = Number(span.dataset.expires) - (Date.now() / 1000 + skew);
    if (left >= 0) {
      span.className = 'countdown live';
      span.textContent = 'valid for ' + fmtSpan(left) + ' · 剩余 ' + fmtSpan(left);
    } else {
      span.className = 'countdown expired';
      span.textContent = 'expired ' + fmtSpan(-left) + ' ago · 已过期 ' + fmtSpan(-left);
    }
  }
  setInterval(() => document.querySelectorAll('[data-expires]').forEach(tick), 1000);

  function explainEntry(e) {
    return el('div', { class: 'explain' },
      el('p', {}, el('strong', {}, e.code + ' — ' + e.title.en), ' · ', el('strong', { lang: 'zh-CN' }, e.title.zh)),
      el('p', {}, el('b', {}, 'Cause: '), e.cause.en),
      el('p', { lang: 'zh-CN' }, el('b', {}, '原因：'), e.cause.zh),
      el('p', {}, el('b', {}, 'Fix: '), e.fix.en),
      el('p', { lang: 'zh-CN' }, el('b', {}, '解决：'), e.fix.zh));
  }

  function problemBox(p) {
    const warn = p.severity !== 'error';
    return el('div', { class: 'problem' + (warn ? ' warning' : ''), role: warn ? null : 'alert' },
      el('p', {}, el('strong', {}, warn ? 'Warning · 警告: ' : 'TRTC refuses · TRTC 会拒绝: '), p.reason),
      p.codes.length ? el('p', {}, 'TRTC code · 错误码: ', el('span', { class: 'codes' }, p.codes.join(' / '))) : null,
      p.explain.map(explainEntry));
  }

  function fieldTable(caption, rows) {
    return el('table', {},
      el('caption', { class: 'sr-only' }, caption),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'field · 字段'), el('th', { scope: 'col' }, 'value · 值'))),
      el('tbody', {}, rows.map(r => el('tr', {}, el('th', { scope: 'row' }, r.name), el('td', {}, r.value)))));
  }

  function ticketCard(t) {
    const card = el('article', { class: 'card ticket', 'data-kind': t.kind, 'data-where': t.where });
    const where = t.where === 'pasted' ? '' : ' (URL parameter ' + t.where + ' · 地址参数)';
    card.append(el('h3', {}, t.kind + where));
    const f = t.fields;
    if (f) {
      const rows = [
        ['version · 版本', f.version === 2 ? '2 (HMAC-SHA256)' : '1 (ECDSA-SHA256)'],
        ['kind · 类型', f.kind],
        ['app (sdkAppId) · 应用', String(f.sdkAppId)],
        ['user (userId) · 用户', f.userId],
      ];
      if (f.roomId !== undefined) rows.push(['room (roomId) · 房间', String(f.roomId)]);
      if (f.strRoomId !== undefined) rows.push(['room (strRoomId) · 字符串房间', JSON.stringify(f.strRoomId)]);
      if (f.privilegeMap !== undefined) rows.push(['privilegeMap · 权限位', String(f.privilegeMap)]);
      rows.push(['issued · 签发', fmtTime(f.issuedAt)]);
      rows.push(['lifetime · 有效期', f.expire + ' s (' + fmtSpan(f.expire) + ')']);
      if (f.accountType !== undefined) rows.push(['accountType', String(f.accountType)]);
      const dl = el('dl', { class: 'fields' });
      for (const [k, v] of rows) dl.append(el('dt', {}, k), el('dd', {}, v));
      dl.append(el('dt', {}, 'expires · 过期'), el('dd', {}, fmtTime(f.expiresAt), el('br'), countdown(f.expiresAt)));
      card.append(dl);
    }
    if (t.privilegeBoxes) {
      card.append(el('h4', {}, bi('Privileges', '权限')));
      card.append(el('ul', { class: 'boxes', 'aria-label': 'privileges · 权限' },
        t.privilegeBoxes.map(b => el('li', {
          class: 'box ' + (b.granted ? 'on' : 'off'), 'data-priv': b.name,
          'aria-label': b.name + (b.granted ? ': granted · 有' : ': not granted · 无'),
        }, (b.granted ? '✓ ' : '✗ ') + b.name + ' (' + b.bit + ')'))));
    }
    const s = t.signature;
    const sigClass = !s.checked ? 'unchecked' : (s.valid ? 'ok' : 'bad');
    const sigWord = !s.checked ? 'not checked · 未校验' : (s.valid ? 'signature valid · 签名有效' : 'signature invalid · 签名无效');
    card.append(el('p', { class: 'sig-line' }, el('span', { class: 'sig ' + sigClass }, sigWord), ' — ', s.note));
    if (t.summary) card.append(el('p', { class: 'summary' }, t.summary));
    t.problems.forEach(p => card.append(problemBox(p)));
    return card;
  }

  function showReport(out, rep) {
    clear(out);
    const names = {
      usersig: 'a UserSig', privatemapkey: 'a PrivateMapKey', ticket: 'a ticket · 票据',
      pushurl: 'a push URL · 推流地址', roomsigreply: 'a roomsig reply · roomsig 回复', roomsig: 'a roomsig · roomsig',
    };
    out.append(el('p', { class: 'verdict ' + (rep.valid ? 'ok' : 'bad'), id: 'inspect-verdict', 'data-valid': String(rep.valid) },
      rep.valid ? '✓ ' : '✗ ', 'This is ' + (names[rep.input] || rep.input) + ': ',
      rep.valid ? bi('TRTC would accept it', 'TRTC 会接受') : bi('TRTC would refuse it', 'TRTC 会拒绝')));
    rep.problems.forEach(p => out.append(problemBox(p)));
    if (rep.url) {
      const card = el('article', { class: 'card url' }, el('h3', {}, bi('Push URL (' + rep.url.flow + ' flow)', '推流地址')));
      card.append(fieldTable('URL parameters', rep.url.params));
      if (rep.url.bizbuf) card.append(el('h4', {}, 'bizbuf'), fieldTable('bizbuf', rep.url.bizbuf));
      out.append(card);
    }
    if (rep.reply) {
      out.append(el('article', { class: 'card reply' }, el('h3', {}, bi('roomsig fields', 'roomsig 字段')), fieldTable('roomsig fields', rep.reply)));
    }
    rep.tickets.forEach(t => out.append(ticketCard(t)));
  }

  async function inspect(text) {
    const out = document.getElementById('inspect-result');
    clear(out).append(el('p', {}, 'Inspecting… · 检查中…'));
    try {
      showReport(out, await call('POST', api + 'inspect', { text }));
    } catch (e) {
      clear(out).append(alertBox(e));
    }
    out.focus && out.setAttribute('tabindex', '-1');
  }

  // Make ---------------------------------------------------------------------------------------

  function val(id) { return document.getElementById(id).value; }
  function radio(name) { return document.querySelector('input[name="' + name + '"]:checked').value; }

  function buildForm() {
    const app = document.getElementById('make-app');
    for (const a of config.apps) {
      const o = el('option', { value: String(a.sdkAppId) }, String(a.sdkAppId) + (a.default ? ' (default · 默认)' : ''));
      if (a.default) o.selected = true;
      app.append(o);
    }
    const role = document.getElementById('make-role');
    for (const r of config.roles) {
      role.append(el('option', { value: r.name }, r.name + ' = ' + r.privilegeMap + ' (' + r.privileges.join(', ') + ')'));
    }
    const boxes = document.getElementById('make-boxes');
    for (const p of config.privileges) {
      const id = 'priv-' + p.name;
      boxes.append(el('label', { class: 'box', for: id },
        el('input', { type: 'checkbox', id, name: 'priv', value: p.name }), ' ' + p.name + ' (' + p.bit + ')'));
    }
    const preset = (name) => {
      const r = config.roles.find(x => x.name === name);
      if (!r) return;
      document.querySelectorAll('input[name=priv]').forEach(c => { c.checked = r.privileges.includes(c.value); });
    };
    role.value = config.roles.some(r => r.name === 'anchor') ? 'anchor' : (config.roles[0] || {}).name || '';
    preset(role.value);
    role.addEventListener('change', () => preset(role.value));
    boxes.addEventListener('change', () => {
      const on = [...document.querySelectorAll('input[name=priv]:checked')].map(c => c.value);
      const r = config.roles.find(x => x.privileges.length === on.length && x.privileges.every(n => on.includes(n)));
      role.value = r ? r.name : '';
    });
    const expire = document.getElementById('make-expire');
    const what = document.getElementById('make-what');
    const hint = () => {
      const lt = what.value === 'usersig' ? config.userSig : config.privateMapKey;
      const name = what.value === 'usersig' ? 'UserSig' : 'PrivateMapKey';
      expire.value = String(lt.default);
      expire.max = String(lt.max);
      document.getElementById('make-expire-hint').textContent =
        name + ': default ' + fmtSpan(lt.default) + ', at most ' + fmtSpan(lt.max) +
        (what.value === 'roomurl' ? ' (the push URL uses it for both tickets · 两种票据都用此有效期)' : '') +
        ' · 默认 ' + lt.default + ' 秒，最长 ' + lt.max + ' 秒';
      const room = what.value !== 'usersig';
      for (const id of ['make-roomkind', 'make-privs']) document.getElementById(id).disabled = !room;
      document.getElementById('make-flow').disabled = what.value !== 'roomurl';
      document.getElementById('make-scene').disabled = what.value !== 'roomurl' || radio('flow') !== 'rtc';
    };
    what.addEventListener('change', hint);
    document.getElementById('make-flow').addEventListener('change', hint);
    hint();
  }

  function outputBox(label, id, value) {
    const area = el('textarea', { id, rows: value.length > 200 ? 4 : 2, readonly: true, spellcheck: 'false' });
    area.value = value;
    const btn = el('button', { type: 'button', class: 'secondary copy', 'aria-label': 'Copy ' + label + ' · 复制' }, bi('Copy', '复制'));
    btn.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(area.value);
      } catch (e) {
        area.select();
        document.execCommand('copy');
      }
      btn.replaceChildren(...bi('Copied', '已复制'));
      setTimeout(() => btn.replaceChildren(...bi('Copy', '复制')), 1500);
    });
    return el('div', { class: 'out' }, el('label', { for: id }, label), area, el('div', { class: 'row' }, btn));
  }

  async function qrCode(text) {
    const res = await call('POST', api + 'qr', { text });
    const url = URL.createObjectURL(await res.blob());
    return el('figure', { class: 'qr', id: 'make-qr' },
      el('img', { src: url, alt: 'QR code of the push URL · 推流地址二维码' }),
      el('figcaption', { class: 'hint' }, bi('Scan with the phone that runs the mini-program', '用运行小程序的手机扫码')));
  }

  async function showPushURL(card, url) {
    card.append(outputBox('Push URL (pushUrl) · 推流地址', 'out-pushurl', url));
    const inspectBtn = el('button', { type: 'button', class: 'secondary' }, bi('Inspect this URL', '检查此地址'));
    inspectBtn.addEventListener('click', () => {
      document.getElementById('inspect-text').value = url;
      location.hash = '#inspect';
      inspect(url);
    });
    card.append(el('div', { class: 'row' }, inspectBtn));
    try {
      card.append(await qrCode(url));
    } catch (e) {
      card.append(alertBox(e));
    }
  }

  function makeBody(what) {
    const body = { userId: val('make-user'), sdkAppId: Number(val('make-app')) };
    const expire = val('make-expire');
    if (expire !== '') body.expire = Number(expire);
    if (what !== 'usersig') {
      const room = val('make-room').trim();
      if (radio('roomKind') === 'string') body.strRoomId = room;
      else body.roomId = /^\d+$/.test(room) ? Number(room) : room; // the API says what is wrong with a non-number
      body.privileges = [...document.querySelectorAll('input[name=priv]:checked')].map(c => c.value);
    }
    if (what === 'roomurl') {
      body.flow = radio('flow');
      if (body.flow === 'rtc') body.scene = val('make-scene');
    }
    return body;
  }

  async function make() {
    const out = document.getElementById('make-result');
    const what = val('make-what');
    clear(out).append(el('p', {}, 'Making… · 生成中…'));
    let body, data;
    try {
      body = makeBody(what);
      data = await call('POST', config.routes[what], body);
    } catch (e) {
      clear(out).append(alertBox(e));
      return;
    }
    clear(out);
    const card = el('article', { class: 'card made' }, el('h3', {}, 'POST ' + config.routes[what]));
    out.append(card);
    if (data.warnings && data.warnings.length) data.warnings.forEach(w => card.append(el('p', { class: 'problem warning' }, String(w.message || w))));
    if (data.userSig) card.append(outputBox('UserSig', 'out-usersig', data.userSig));
    if (data.privateMapKey) card.append(outputBox('PrivateMapKey', 'out-privatemapkey', data.privateMapKey));
    const dl = el('dl', { class: 'fields' });
    for (const [k, v] of [['userSigExpiresAt', data.userSigExpiresAt], ['privateMapKeyExpiresAt', data.privateMapKeyExpiresAt], ['expiresAt', data.expiresAt]]) {
      if (v) dl.append(el('dt', {}, k), el('dd', {}, v, el('br'), countdown(Date.parse(v) / 1000)));
    }
    if (data.privileges) dl.append(el('dt', {}, 'privileges · 权限'), el('dd', {}, data.privileges.join(', ') + ' (' + data.privilegeMap + ')'));
    card.append(dl);
    if (data.pushUrl) await showPushURL(card, data.pushUrl);
    if (data.roomSigRequest) {
      card.append(el('p', { class: 'hint' }, bi('Seed flow: the phone itself sends this request to Tencent (never a server), then pastes the reply below.',
        '旧流程：由手机自己向腾讯发送此请求（不能由服务器发送），再把回复粘贴到下面。')));
      card.append(outputBox('roomSigRequest (wx.request)', 'out-roomsigrequest', JSON.stringify(data.roomSigRequest, null, 2)));
      const reply = el('textarea', { id: 'make-reply', rows: 3, spellcheck: 'false' });
      const go = el('button', { type: 'button' }, bi('Build the push URL', '生成推流地址'));
      const res = el('div', { 'aria-live': 'polite' });
      go.addEventListener('click', async () => {
        clear(res);
        let roomSig;
        try {
          const parsed = JSON.parse(reply.value);
          roomSig = parsed.RspBody !== undefined ? parsed.RspBody : parsed;
          if (parsed.RspHead && parsed.RspHead.ErrorCode) throw new Error('the reply is a refusal (RspHead.ErrorCode ' + parsed.RspHead.ErrorCode + '): paste it into Inspect for its cause');
          const d2 = await call('POST', config.routes.roomurl, Object.assign({}, body, { roomSig }));
          await showPushURL(res, d2.pushUrl);
        } catch (e) {
          res.append(alertBox(e));
        }
      });
      card.append(el('label', { for: 'make-reply' }, bi('jsonvideoapp reply, or its RspBody', 'jsonvideoapp 回复或其 RspBody')), reply,
        el('div', { class: 'row' }, go), res);
    }
  }

  // Explain ------------------------------------------------------------------------------------

  function lookup(raw) {
    const c = raw.trim().replace(/^roomsig[\s_-]*/i, 'roomsig_');
    if (codes.has(c)) return codes.get(c);
    if (/^\d+$/.test(c) && codes.has('roomsig_' + c)) return codes.get('roomsig_' + c);
    return null;
  }

  function explain() {
    const out = clear(document.getElementById('explain-result'));
    const raw = val('explain-code');
    const e = lookup(raw);
    if (!e) {
      out.append(el('p', { class: 'alert', role: 'alert' }, 'Unknown code ' + JSON.stringify(raw.trim()) + ': the table knows ' +
        [...codes.keys()].join(', ') + ' · 未知错误码'));
      return;
    }
    out.append(el('article', { class: 'card', id: 'explain-card', 'data-code': e.code }, el('h3', {}, e.code + ' (' + e.kind + ')'), explainEntry(e)));
  }

  // Start --------------------------------------------------------------------------------------

  function onSubmit(id, fn) {
    document.getElementById(id).addEventListener('submit', (ev) => { ev.preventDefault(); fn(); });
  }

  async function start() {
    onSubmit('inspect-form', () => inspect(val('inspect-text')));
    onSubmit('explain-form', explain);
    onSubmit('make-form', make);
    try {
      const table = await call('GET', api + 'codes');
      codes = new Map(table.codes.map(e => [e.code, e]));
      const list = document.getElementById('explain-codes');
      for (const e of table.codes) list.append(el('option', { value: e.code }, e.title.en + ' · ' + e.title.zh));
      config = await call('GET', api + 'config');
      buildForm();
      document.body.dataset.ready = 'true';
    } catch (e) {
      document.getElementById('main').prepend(alertBox(e));
    }
  }
  start();
})();
