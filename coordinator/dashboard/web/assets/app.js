// The rendergrid dashboard: a single page over the coordinator's HTTP API.
// The API token lives in this tab's session storage and goes out as a
// bearer header; event streams are read with fetch (EventSource cannot send
// the header) and reconnect when they drop.
'use strict';

const TOKEN = 'rendergrid.token';
const $ = (id) => document.getElementById(id);
const ACTIVE = new Set(['queued', 'running', 'paused']);
const CELL_W = 62;
const CELL_H = 42;

let me = null; // whoami
// The coordinators the page may talk to: this one ('') first, then the
// cluster's others; api moves to the next when one stops answering.
let bases = [''];
let cur = 0;
let leave = null; // tears the current view down

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function toast(msg) {
  const t = $('toast');
  t.textContent = msg;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.textContent = ''; }, 6000);
}

function tokens(n) { return n == null ? '—' : Number(n).toLocaleString('en'); }

function duration(s) {
  if (!isFinite(s) || s < 0) return '—';
  if (s < 90) return Math.round(s) + ' s';
  if (s < 5400) return Math.round(s / 60) + ' min';
  return (s / 3600).toFixed(1) + ' h';
}

// api calls the coordinator with the token; a 401 ends the session.
async function api(path, opts = {}) {
  const headers = Object.assign({}, opts.headers || {});
  const token = sessionStorage.getItem(TOKEN);
  if (token) headers.Authorization = 'Bearer ' + token;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  let res;
  for (let k = 0; ; k++) {
    try {
      res = await fetch(bases[cur] + path, { method: opts.method || (body !== undefined ? 'POST' : 'GET'), headers, body, signal: opts.signal, cache: 'no-store' });
      break;
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      if (k + 1 >= bases.length) throw new Error('No coordinator answered (' + e.message + '); check that the cluster is up, then try again.');
      cur = (cur + 1) % bases.length;
    }
  }
  if (res.status === 401 && !opts.signingIn) {
    expire('Your session has expired or its token was revoked: sign in again.');
    throw new Error('signed out');
  }
  if (!res.ok) {
    let msg = res.status + ' ' + res.statusText;
    try { const b = await res.json(); if (b.error) msg = b.error; } catch (_) { /* not JSON */ }
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  if (opts.raw) return res;
  return res.json();
}

// blobURL fetches a stored file with the token and returns an object URL
// for it (cached by CID).
const blobs = new Map();
async function blobURL(cid) {
  if (blobs.has(cid)) return blobs.get(cid);
  const p = api('/ipfs/' + encodeURIComponent(cid), { raw: true }).then((r) => r.blob()).then((b) => URL.createObjectURL(b));
  blobs.set(cid, p);
  p.catch(() => blobs.delete(cid));
  if (blobs.size > 600) {
    const [k, v] = blobs.entries().next().value;
    blobs.delete(k);
    v.then((u) => URL.revokeObjectURL(u)).catch(() => {});
  }
  return p;
}

// stream reads a job's Server-Sent Events; it reconnects with backoff when
// the stream drops while the job is active. connected is called each time
// the stream is open (events are buffered until it returns), so the caller
// can read what it missed. It returns a function that stops it.
function stream(jobId, onEvent, onStatus, connected) {
  const ctl = new AbortController();
  let stopped = false;
  (async () => {
    let delay = 500;
    for (let attempt = 0; !stopped; attempt++) {
      let ended = false;
      try {
        const res = await api('/api/v1/jobs/' + encodeURIComponent(jobId) + '/events', { raw: true, signal: ctl.signal });
        onStatus(bases[cur] ? 'live (via ' + bases[cur] + ')' : 'live');
        delay = 500;
        if (connected) await connected();
        const reader = res.body.getReader();
        const dec = new TextDecoder();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            let data = '';
            for (const line of block.split('\n')) if (line.startsWith('data: ')) data += line.slice(6);
            if (!data) continue;
            const ev = JSON.parse(data);
            onEvent(ev);
            if (ev.type === 'job' && !ACTIVE.has(ev.state)) ended = true;
          }
        }
      } catch (e) {
        if (stopped || e.name === 'AbortError' || e.message === 'signed out') return;
        if (e.status === 404) { onStatus(''); return; }
      }
      if (ended) { onStatus('finished'); return; }
      if (stopped) return;
      onStatus('stream dropped; reconnecting…');
      await sleep(delay);
      delay = Math.min(delay * 2, 5000);
    }
  })();
  return () => { stopped = true; ctl.abort(); };
}

function show(name) {
  for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== 'view-' + name;
  for (const a of document.querySelectorAll('header nav a')) {
    if (a.id === 'nav-' + name || (name === 'job' && a.id === 'nav-jobs')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  $('main').focus({ preventScroll: true });
}

function expire(msg) {
  sessionStorage.removeItem(TOKEN);
  me = null;
  if (leave) { leave(); leave = null; }
  $('top').hidden = true;
  show('signin');
  $('signin-error').textContent = msg || '';
}

async function whoami() {
  me = await api('/api/v1/whoami');
  try {
    const c = await api('/api/v1/cluster');
    const here = bases[cur] || location.origin;
    bases = [bases[cur]].concat(c.nodes.map((n) => n.http).filter((u) => u && new URL(u).origin !== new URL(here, location.href).origin));
    cur = 0;
  } catch (e) { /* one coordinator is enough */ }
  $('top').hidden = false;
  $('whoami').textContent = me.user + ' (' + me.role + ')';
  $('nav-cluster').hidden = me.role !== 'admin';
}

async function route() {
  if (leave) { leave(); leave = null; }
  if (!sessionStorage.getItem(TOKEN)) { show('signin'); return; }
  if (!me) {
    try { await whoami(); } catch (e) { if (e.message !== 'signed out') expire(e.message); return; }
  }
  const parts = (location.hash || '#/jobs').replace(/^#\/?/, '').split('/');
  switch (parts[0]) {
    case 'jobs':
      if (parts[1]) leave = viewJob(decodeURIComponent(parts[1]));
      else leave = viewJobs();
      break;
    case 'submit': leave = viewSubmit(); break;
    case 'workers': leave = viewWorkers(); break;
    case 'wallet': leave = viewWallet(); break;
    case 'cluster': leave = viewCluster(); break;
    default: location.hash = '#/jobs';
  }
}

// --- Jobs -----------------------------------------------------------------

function done(j) { return j.counts.done; }

function eta(j) {
  if (!ACTIVE.has(j.state) || !j.counts.done) return '—';
  const secs = (Date.now() - j.submitted) / 1000;
  return duration(secs / j.counts.done * (j.units - j.counts.done - j.counts.failed - j.counts.canceled));
}

function costSoFar(j) { return j.escrow ? tokens(j.escrow.paid + j.escrow.fees) : '—'; }

function viewJobs() {
  show('jobs');
  const body = document.querySelector('#jobs-table tbody');
  const streams = new Map();
  let jobs = new Map();
  let stopped = false;
  const row = (j) => {
    let tr = body.querySelector('tr[data-job="' + CSS.escape(j.id) + '"]');
    if (!tr) { tr = document.createElement('tr'); tr.dataset.job = j.id; }
    const name = j.spec.name || j.spec.scene_name || j.id;
    tr.innerHTML = '<td><a href="#/jobs/' + encodeURIComponent(j.id) + '">' + esc(name) + '</a><br><code class="muted">' + esc(j.id) + '</code></td>' +
      '<td class="state">' + esc(j.state) + '</td>' +
      '<td><progress max="' + j.units + '" value="' + done(j) + '" aria-label="' + esc(name) + ' progress"></progress> <span class="count">' + done(j) + '/' + j.units + '</span></td>' +
      '<td>' + eta(j) + '</td><td>' + costSoFar(j) + '</td><td>' + (j.escrow ? tokens(j.escrow.left) : '—') + '</td>';
    return tr;
  };
  const render = () => {
    const state = $('state-filter').value;
    const name = $('name-filter').value.toLowerCase();
    const list = [...jobs.values()].filter((j) => (!state || j.state === state) && (!name || (j.spec.name || j.spec.scene_name || j.id).toLowerCase().includes(name)));
    list.sort((a, b) => b.submitted - a.submitted);
    body.replaceChildren(...list.map(row));
    if (!list.length) body.innerHTML = '<tr><td colspan="6" class="muted">No jobs' + (state || name ? ' match the filters' : ' yet: submit one') + '.</td></tr>';
  };
  const follow = () => {
    for (const j of jobs.values()) {
      if (!ACTIVE.has(j.state) || streams.has(j.id) || streams.size >= 16) continue;
      streams.set(j.id, stream(j.id, (ev) => {
        const cur = jobs.get(ev.job);
        if (!cur) return;
        if (ev.type === 'job') { cur.state = ev.state; if (ev.counts) cur.counts = ev.counts; }
        if (ev.type === 'frame' && ev.counts) cur.counts = ev.counts;
        if (ev.type === 'job' || ev.counts) render();
      }, () => {}, null));
    }
  };
  async function load() {
    try {
      const list = await api('/api/v1/jobs');
      jobs = new Map(list.map((j) => [j.id, j]));
      $('jobs-error').textContent = '';
      render();
      follow();
    } catch (e) {
      if (e.message !== 'signed out') $('jobs-error').textContent = e.message;
    }
  }
  load();
  const refresh = setInterval(() => { if (!stopped) load(); }, 5000);
  $('state-filter').onchange = render;
  $('name-filter').oninput = render;
  return () => { stopped = true; clearInterval(refresh); for (const s of streams.values()) s(); };
}

// --- One job ---------------------------------------------------------------

// grid shows n cells, drawing only the rows in view (a job may have
// 100,000 frames).
function grid(el, inner, n, draw) {
  let cols = 1;
  const live = new Map();
  const paint = () => {
    const top = el.scrollTop;
    const h = el.clientHeight || 400;
    const rows = Math.ceil(n / cols);
    const r0 = Math.max(0, Math.floor(top / CELL_H) - 2);
    const r1 = Math.min(rows, Math.ceil((top + h) / CELL_H) + 2);
    const want = new Set();
    for (let r = r0; r < r1; r++) {
      for (let c = 0; c < cols; c++) {
        const i = r * cols + c;
        if (i < n) want.add(i);
      }
    }
    for (const [i, e] of live) if (!want.has(i)) { e.remove(); live.delete(i); }
    for (const i of want) {
      if (live.has(i)) continue;
      const e = document.createElement('button');
      e.type = 'button';
      e.className = 'cell';
      e.dataset.i = i;
      e.style.left = (i % cols) * CELL_W + 'px';
      e.style.top = Math.floor(i / cols) * CELL_H + 'px';
      inner.appendChild(e);
      live.set(i, e);
      draw(i, e);
    }
  };
  const layout = () => {
    const c = Math.max(1, Math.floor((el.clientWidth || 600) / CELL_W));
    if (c !== cols) { cols = c; for (const e of live.values()) e.remove(); live.clear(); }
    inner.style.height = Math.ceil(n / cols) * CELL_H + 'px';
    paint();
  };
  let pending = false;
  el.onscroll = () => { if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; paint(); }); } };
  const ro = new ResizeObserver(layout);
  ro.observe(el);
  layout();
  return { update: (i) => { const e = live.get(i); if (e) draw(i, e); }, stop: () => ro.disconnect() };
}

// The image of a frame: its denoised PNG when it has one, else a PNG
// output (an EXR output has no thumbnail).
function frameImage(f, spec) {
  if (f.denoised) return f.denoised;
  if (spec.passes && spec.passes.length) return '';
  return f.output || '';
}

function viewJob(id) {
  show('job');
  for (const el of ['job-error', 'job-log', 'frame-log', 'grid-count', 'last-frame-label', 'stream-status']) $(el).textContent = '';
  $('frame-panel').hidden = true;
  $('mint-panel').hidden = true;
  $('last-frame').removeAttribute('src');
  $('grid-inner').replaceChildren();
  let job = null;
  let units = [];
  let g = null;
  let stop = null;
  let stopped = false;
  let last = null;
  let selected = -1;
  const tiles = () => Math.max(1, (job.spec.tiles_x || 1) * (job.spec.tiles_y || 1));
  const index = (f) => (f.frame - job.spec.frame_start) * tiles() + f.tile;
  const label = (f) => 'Frame ' + f.frame + (tiles() > 1 ? ' tile ' + f.tile : '');
  const summary = () => {
    $('job-title').textContent = (job.spec.name || job.spec.scene_name || 'Job') + ' · ' + job.id;
    $('job-state').textContent = job.state;
    $('job-progress').max = job.units;
    $('job-progress').value = job.counts.done;
    $('job-counts').textContent = job.counts.done + '/' + job.units + ' done' + (job.counts.failed ? ', ' + job.counts.failed + ' failed' : '') + (job.counts.leased ? ', ' + job.counts.leased + ' rendering' : '');
    $('job-eta').textContent = eta(job);
    $('job-cost').textContent = costSoFar(job);
    $('job-escrow').textContent = job.escrow ? tokens(job.escrow.left) : '—';
    $('job-log').textContent = (job.log || []).join('\n');
    $('act-pause').disabled = job.state !== 'running' && job.state !== 'queued';
    $('act-resume').disabled = job.state !== 'paused';
    $('act-cancel').disabled = !ACTIVE.has(job.state);
    $('act-retry').disabled = !job.counts.failed;
    $('act-car').disabled = !job.counts.done;
    $('act-mint').hidden = !me || (me.user !== job.owner);
    if (document.activeElement !== $('priority')) $('priority').value = job.priority;
  };
  const draw = (i, e) => {
    const f = units[i];
    const st = f ? f.state : 'queued';
    e.className = 'cell ' + st + (f && f.stuck ? ' stuck' : '');
    const name = f ? label(f) : 'Unit ' + i;
    e.setAttribute('aria-label', name + ': ' + st);
    e.title = name + ': ' + st;
    e.innerHTML = '<span>' + (f ? f.frame : '') + '</span>';
    const cid = f && f.state === 'done' ? frameImage(f, job.spec) : '';
    if (cid) {
      blobURL(cid).then((u) => {
        if (units[i] !== f || !e.isConnected) return;
        const img = document.createElement('img');
        img.alt = '';
        img.src = u;
        e.prepend(img);
      }).catch(() => {});
    }
  };
  const showLast = (f) => {
    const cid = frameImage(f, job.spec);
    if (!cid) return;
    last = f;
    blobURL(cid).then((u) => {
      if (last !== f) return;
      $('last-frame').src = u;
      $('last-frame').alt = label(f) + ' of job ' + job.id + ', the last one rendered';
      $('last-frame-label').textContent = label(f) + ' · ' + cid;
    }).catch(() => {});
  };
  const open = async (i) => {
    const f = units[i];
    if (!f) return;
    selected = i;
    $('frame-panel').hidden = false;
    $('frame-title').textContent = label(f) + ': ' + f.state;
    const meta = [['Output', f.output], ['Denoised', f.denoised], ['Worker', f.worker], ['Engine', f.engine], ['Samples', f.samples], ['Render time', f.render_ms ? (f.render_ms / 1000).toFixed(2) + ' s' : ''], ['Attempts', f.attempts], ['Error', f.error]];
    $('frame-meta').innerHTML = meta.filter(([, v]) => v !== undefined && v !== '' && v !== null).map(([k, v]) => '<dt>' + esc(k) + '</dt><dd>' + esc(v) + '</dd>').join('');
    $('frame-receipts').innerHTML = (f.receipts || []).map((r) => '<div class="receipt">' +
      '<div><strong>Receipt</strong> job ' + esc(r.receipt.job) + ', frame ' + r.receipt.frame + ', tile ' + r.receipt.tile + ', ' + r.receipt.samples + ' samples, ' + r.receipt.renderMs + ' ms on ' + esc(r.receipt.engine) + '</div>' +
      '<div>Worker ' + esc(r.receipt.worker) + ' · paid ' + tokens(r.price - r.fee) + ', fee ' + tokens(r.fee) + '</div>' +
      '<div>Worker signature <code>' + esc(r.workerSignature) + '</code></div>' +
      '<div>Coordinator ' + esc(r.coordinator) + ' signature <code>' + esc(r.coordinatorSignature) + '</code></div></div>').join('') || '<p class="muted">No receipt yet.</p>';
    $('verify-result').textContent = '';
    $('verify-btn').disabled = !(f.receipts && f.receipts.length);
    const cid = frameImage(f, job.spec);
    $('frame-image').removeAttribute('src');
    $('frame-image').alt = label(f);
    if (cid) blobURL(cid).then((u) => { if (selected === i) $('frame-image').src = u; }).catch(() => {});
    try {
      const log = await api('/api/v1/jobs/' + encodeURIComponent(job.id) + '/frames/' + f.frame + '/log?tile=' + f.tile);
      if (selected === i) $('frame-log').textContent = (log.lines || []).join('\n') || '(empty)';
    } catch (e) {
      if (selected === i) $('frame-log').textContent = e.message;
    }
  };
  const loadFrames = async () => {
    const list = await api('/api/v1/jobs/' + encodeURIComponent(id) + '/frames');
    units = new Array(job.units);
    let newest = null;
    for (const f of list) {
      units[index(f)] = f;
      if (f.state === 'done' && (!newest || f.finished > newest.finished)) newest = f;
    }
    if (newest) showLast(newest);
    if (g) for (let i = 0; i < units.length; i++) g.update(i);
  };
  const load = async () => {
    job = await api('/api/v1/jobs/' + encodeURIComponent(id));
    summary();
  };
  (async () => {
    try {
      await load();
    } catch (e) {
      if (e.message === 'signed out') return;
      $('job-error').textContent = e.status === 404 ? 'Job ' + id + ' was not found, or it is not yours.' : e.message;
      return;
    }
    if (stopped) return;
    $('grid-count').textContent = '(' + job.units.toLocaleString('en') + ')';
    g = grid($('grid'), $('grid-inner'), job.units, draw);
    $('grid-inner').onclick = (ev) => {
      const b = ev.target.closest('.cell');
      if (b) open(Number(b.dataset.i));
    };
    stop = stream(job.id, (ev) => {
      if (ev.type === 'job') {
        job.state = ev.state;
        if (ev.counts) job.counts = ev.counts;
        summary();
        if (!ACTIVE.has(ev.state)) api('/api/v1/jobs/' + encodeURIComponent(job.id)).then((j) => { job = j; summary(); }).catch(() => {});
      } else if (ev.type === 'frame' && ev.frame) {
        const i = index(ev.frame);
        units[i] = ev.frame;
        if (ev.counts) job.counts = ev.counts;
        g.update(i);
        summary();
        if (ev.frame.state === 'done') showLast(ev.frame);
        if (i === selected) open(i);
      }
    }, (s) => { $('stream-status').textContent = s; }, async () => {
      // Open: read the frames now, so nothing between the two is missed.
      try { await loadFrames(); } catch (e) { if (e.message !== 'signed out') $('job-error').textContent = e.message; }
    });
  })();
  const act = (action, extra) => async () => {
    try {
      job = await api('/api/v1/jobs/' + encodeURIComponent(id) + '/actions', { json: Object.assign({ action }, extra || {}) });
      summary();
      toast('Job ' + id + ': ' + action + ' done.');
    } catch (e) {
      if (e.message !== 'signed out') $('job-error').textContent = e.message;
    }
  };
  $('act-pause').onclick = act('pause');
  $('act-resume').onclick = act('resume');
  $('act-cancel').onclick = async () => { if (confirm('Cancel job ' + id + '? Rendering frames stop.')) await act('cancel')(); };
  $('act-retry').onclick = act('retry');
  $('act-priority').onclick = () => act('priority', { priority: Number($('priority').value) })();
  $('verify-btn').onclick = async () => {
    const f = units[selected];
    if (!f) return;
    $('verify-result').textContent = 'Verifying ' + label(f) + ': re-rendering pixels on the coordinator…';
    try {
      const checks = await api('/api/v1/jobs/' + encodeURIComponent(id) + '/frames/' + f.frame + '/verify?tile=' + f.tile, { method: 'POST' });
      $('verify-result').innerHTML = checks.map((c) => '<div class="receipt"><strong class="' + (c.honest ? 'ok' : 'error') + '">' + esc(c.verdict) + '</strong>' +
        (c.pixels_checked ? '<div>' + c.pixels_checked + ' pixels checked, ' + c.pixels_off + ' off, worst ' + c.worst_diff + '/255</div>' : '') +
        '<pre>' + esc((c.steps || []).join('\n')) + '</pre></div>').join('');
    } catch (e) {
      if (e.message !== 'signed out') $('verify-result').textContent = 'Verifying ' + label(f) + ': ' + e.message;
    }
  };
  $('act-car').onclick = async () => {
    try {
      toast('Fetching every output of job ' + id + ' as one CAR…');
      const res = await api('/api/v1/jobs/' + encodeURIComponent(id) + '/car', { raw: true });
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = id + '.car';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      toast('Saved ' + id + '.car: import it with rendergrid ipfs import, or ipfs dag import.');
    } catch (e) {
      if (e.message !== 'signed out') $('job-error').textContent = 'Fetching the CAR: ' + e.message;
    }
  };
  $('act-mint').onclick = async () => {
    const f = selected >= 0 && units[selected] ? units[selected].frame : job.spec.frame_start;
    try {
      const nft = await api('/api/v1/jobs/' + encodeURIComponent(id) + '/mint', { json: { frame: f } });
      $('mint-panel').hidden = false;
      $('mint-meta').textContent = JSON.stringify(nft, null, 2);
    } catch (e) {
      if (e.message !== 'signed out') $('job-error').textContent = 'Minting frame ' + f + ': ' + e.message;
    }
  };
  return () => { stopped = true; if (stop) stop(); if (g) g.stop(); };
}

// --- Submit -----------------------------------------------------------------

function viewSubmit() {
  show('submit');
  $('submit-error').textContent = '';
  $('quote').textContent = '';
  let uploaded = null; // {file, cid}
  const scene = async () => {
    const file = $('scene-file').files[0];
    if (file) {
      if (uploaded && uploaded.file === file) return { cid: uploaded.cid, name: file.name };
      $('quote').textContent = 'Uploading ' + file.name + ' (' + Math.round(file.size / 1024) + ' KiB)…';
      const r = await api('/api/v1/ipfs/add?name=' + encodeURIComponent(file.name), { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } });
      uploaded = { file, cid: r.cid };
      return { cid: r.cid, name: file.name };
    }
    const cid = $('scene-cid').value.trim();
    if (!cid) throw new Error('Choose a scene file or give the CID of one already on the farm.');
    return { cid, name: '' };
  };
  const spec = async () => {
    const frames = $('frames').value.trim().match(/^(\d+)(?:-(\d+))?$/);
    if (!frames) throw new Error('Frames "' + $('frames').value + '" is not A-B or A.');
    const res = $('res').value.trim().toLowerCase().match(/^(\d+)x(\d+)$/);
    if (!res) throw new Error('Resolution "' + $('res').value + '" is not WIDTHxHEIGHT, e.g. 1920x1080.');
    const sc = await scene();
    const s = {
      scene: sc.cid, scene_name: sc.name, frame_start: Number(frames[1]), frame_end: Number(frames[2] ?? frames[1]),
      width: Number(res[1]), height: Number(res[2]), spp: Number($('spp').value), denoise: $('denoise').checked,
    };
    const price = Number($('price').value || 0);
    if (price > 0) s.price = { per_frame: price };
    return s;
  };
  const quote = async () => {
    const q = await api('/api/v1/quote', { json: await spec() });
    $('quote').textContent = q.units + ' units; at most ' + tokens(q.max_cost) + ' tokens (fee ' + tokens(q.fee) + '); ' +
      (q.est_seconds ? 'about ' + duration(q.est_seconds) + ' on ' + q.workers + ' workers' : q.workers + ' workers can take it') +
      '; your balance ' + tokens(q.balance) + (q.affordable ? '' : ' — not enough');
    return q;
  };
  $('quote-btn').onclick = async () => {
    $('submit-error').textContent = '';
    try { await quote(); } catch (e) { if (e.message !== 'signed out') $('submit-error').textContent = e.message; }
  };
  $('submit-form').onsubmit = async (ev) => {
    ev.preventDefault();
    $('submit-error').textContent = '';
    try {
      const j = await api('/api/v1/jobs', { json: await spec() });
      toast('Submitted job ' + j.id + '.');
      location.hash = '#/jobs/' + encodeURIComponent(j.id);
    } catch (e) {
      if (e.message !== 'signed out') $('submit-error').textContent = e.message;
    }
  };
  return () => {};
}

// --- Workers, wallet, cluster ------------------------------------------------

function ago(ms) { return ms ? duration((Date.now() - ms) / 1000) + ' ago' : '—'; }

function viewWorkers() {
  show('workers');
  const body = document.querySelector('#workers-table tbody');
  const load = async () => {
    try {
      const ws = await api('/api/v1/workers');
      $('workers-error').textContent = '';
      body.innerHTML = ws.map((w) => {
        const c = w.caps || {};
        const dev = [c.gpu, c.vram_mb ? c.vram_mb + ' MB' : '', c.vulkan ? 'Vulkan ' + c.vulkan : '', c.threads ? c.threads + ' threads' : ''].filter(Boolean).join(', ');
        const lease = w.lease ? '<a href="#/jobs/' + encodeURIComponent(w.lease.job) + '">' + esc(w.lease.job) + '</a>, ' + w.lease.units + ' units' : '—';
        const btn = '<button type="button" data-worker="' + esc(w.id) + '" data-pause="' + (w.paused ? 'resume' : 'pause') + '">' + (w.paused ? 'Resume' : 'Pause') + '</button>';
        return '<tr data-id="' + esc(w.id) + '"><td><code>' + esc(w.id) + '</code><br>' + esc(c.name) + '</td><td>' + esc(w.owner || '') + '</td>' +
          '<td class="wstate">' + (w.paused ? 'paused' : 'active') + '<br><span class="muted">seen ' + ago(w.last_seen) + '</span><br>' + btn + '</td>' +
          '<td>' + esc((c.engines || []).join(', ')) + (dev ? '<br>' + esc(dev) : '') + '</td>' +
          '<td>' + (c.samples_sec ? Math.round(c.samples_sec).toLocaleString('en') + ' samples/s' : '—') + '<br>' + w.done + ' done, ' + w.failed + ' failed</td>' +
          '<td>' + lease + '</td>' +
          '<td>' + tokens(w.earned) + ' for ' + w.earned_frames + ' frames' + (w.pending ? '<br>' + tokens(w.pending) + ' of it pending on chain' : '') + (w.held ? '<br>' + w.held + ' held unpaid' : '') +
          (w.blocked && w.blocked.length ? '<br><span class="error">blocklisted by ' + w.blocked.map(esc).join(', ') + '</span>' : '') + '</td></tr>';
      }).join('') || '<tr><td colspan="7" class="muted">No workers of yours: a worker registered with your enrolment token appears here (operators see all).</td></tr>';
    } catch (e) {
      if (e.message !== 'signed out') $('workers-error').textContent = e.message;
    }
  };
  body.onclick = async (ev) => {
    const b = ev.target.closest('button[data-worker]');
    if (!b) return;
    try {
      await api('/api/v1/workers/' + encodeURIComponent(b.dataset.worker) + '/' + b.dataset.pause, { method: 'POST' });
      toast('Worker ' + b.dataset.worker + ': ' + (b.dataset.pause === 'pause' ? 'paused; its running frames finish.' : 'resumed.'));
      load();
    } catch (e) {
      if (e.message !== 'signed out') $('workers-error').textContent = e.message;
    }
  };
  load();
  const t = setInterval(load, 5000);
  return () => clearInterval(t);
}

function viewWallet() {
  show('wallet');
  (async () => {
    try {
      const b = await api('/api/v1/wallet?history=true');
      $('wallet-error').textContent = '';
      $('account').textContent = b.account || '(no account bound: rendergrid wallet bind)';
      $('balance').textContent = tokens(b.balance);
      $('locked').textContent = tokens(b.escrow);
      document.querySelector('#history tbody').innerHTML = (b.history || []).slice().reverse().map((e) => '<tr><td>' + new Date(e.at).toLocaleString() + '</td><td>' + esc(e.kind) + '</td><td>' + tokens(e.amount) + '</td><td>' + esc(e.job || e.peer || '') + '</td></tr>').join('');
    } catch (e) {
      if (e.message !== 'signed out') $('wallet-error').textContent = e.status === 403 ? 'This token has no account; sign in with an artist or worker token that has one.' : e.message;
    }
  })();
  return () => {};
}

function viewCluster() {
  show('cluster');
  const load = async () => {
    try {
      const c = await api('/api/v1/cluster');
      $('cluster-error').textContent = '';
      $('leader').textContent = c.leader || 'none (electing)';
      // Each node's own Raft state and applied index (its status needs no
      // token; the CSP and the peers' CORS allow the cluster's origins).
      const status = await Promise.all(c.nodes.map((n) => fetch(n.http + '/api/v1/status', { cache: 'no-store' }).then((r) => r.json()).catch(() => null)));
      document.querySelector('#nodes tbody').innerHTML = c.nodes.map((n, i) => '<tr><td>' + esc(n.id) + '</td><td>' + esc(n.http) + '<br><span class="muted">raft ' + esc(n.raft) + '</span></td><td>' +
        (n.leader ? 'leader' : n.voter ? 'voter' : 'non-voter') + '</td><td class="raft">' + (status[i] ? esc(status[i].state) + ', applied index ' + status[i].applied_index : 'not answering') + '</td></tr>').join('');
      const st = await api('/api/v1/status');
      const metrics = await api('/metrics', { raw: true }).then((r) => r.text());
      const summary = metrics.split('\n').filter((l) => /^rendergrid_/.test(l) && !/_bucket/.test(l)).slice(0, 40).join('\n');
      $('cluster-raw').textContent = 'This node: ' + st.id + ', Raft ' + st.state + ', applied index ' + st.applied_index +
        '\nChain ' + c.chain_id + '; receipt signers ' + (c.signers || []).join(', ') + '\n\nMetrics (this node):\n' + summary;
    } catch (e) {
      if (e.message !== 'signed out') $('cluster-error').textContent = e.message;
    }
  };
  load();
  const t = setInterval(load, 5000);
  return () => clearInterval(t);
}

// --- Start ------------------------------------------------------------------

window.addEventListener('hashchange', route);
document.addEventListener('DOMContentLoaded', () => {
  $('signin-form').onsubmit = async (ev) => {
    ev.preventDefault();
    $('signin-error').textContent = '';
    const token = $('token').value.trim();
    sessionStorage.setItem(TOKEN, token);
    try {
      me = await api('/api/v1/whoami', { signingIn: true });
      $('token').value = '';
      await whoami();
      if (!location.hash || location.hash === '#/signin') location.hash = '#/jobs';
      else route();
    } catch (e) {
      sessionStorage.removeItem(TOKEN);
      me = null;
      $('signin-error').textContent = e.status === 401 ? 'That token was refused: check it, or ask your operator for a new one (rendergrid token create).' : e.message;
    }
  };
  $('signout').onclick = () => { expire(''); location.hash = ''; };
  route();
});
