'use strict';
// The Sardonyx dashboard: receives a tenancy's history (origin replica, then per entry the entry, the replica diff it
// caused and the events it meant) and renders every panel as of any position in it.

const SNAPSHOT_EVERY = 50;
const PAGE = 20;
const $ = (id) => document.getElementById(id);

const state = {
  tenancy: null, socket: null, origin: null, steps: [], snapshots: [], position: 0, live: true,
  selectedJob: null, jobs: {}, actions: false, logPage: 0, zookeeper: true,
};

// ------------------------------------------------------------------------------------------------ replica diffs

function clone(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function applyDiff(replica, ops) {
  let root = replica;
  for (const op of ops) {
    if (op.path.length === 0) {
      root = clone(op.value);
      continue;
    }
    let at = root;
    for (let i = 0; i < op.path.length - 1; i++) {
      at = at[op.path[i]];
    }
    const last = op.path[op.path.length - 1];
    if (op.op === 'remove') {
      delete at[last];
    } else {
      at[last] = clone(op.value);
    }
  }
  return root;
}

/** The replica as of a position (0: the origin), from the nearest snapshot. */
function replicaAt(position) {
  const base = Math.min(Math.floor(position / SNAPSHOT_EVERY), state.snapshots.length - 1);
  let replica = clone(state.snapshots[base]);
  for (let p = base * SNAPSHOT_EVERY + 1; p <= position; p++) {
    replica = applyDiff(replica, state.steps[p - 1].diff);
  }
  return replica;
}

function addStep(step) {
  state.steps.push(step);
  if (state.steps.length % SNAPSHOT_EVERY === 0) {
    state.snapshots.push(replicaAt(state.steps.length));
  }
}

// ------------------------------------------------------------------------------------------------ the token

// A dashboard served beyond localhost answers only requests that carry its token: asked once, kept for the tab.
let readToken = '';

function withToken(url) {
  return readToken ? url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(readToken) : url;
}

function get(url) {
  return fetch(url, readToken ? {headers: {'X-Sardonyx-Token': readToken}} : {});
}

// ------------------------------------------------------------------------------------------------ the feed

function connect(tenancy) {
  if (state.socket) {
    state.socket.onclose = null;
    state.socket.close();
  }
  Object.assign(state, {tenancy, origin: null, steps: [], snapshots: [], position: 0, selectedJob: null, jobs: {},
    logPage: 0});
  location.hash = 'tenancy=' + encodeURIComponent(tenancy);
  $('download-log').href = withToken(`/api/tenancies/${encodeURIComponent(tenancy)}/log.json`);
  $('download-stripped').href = withToken(`/api/tenancies/${encodeURIComponent(tenancy)}/log.json?stripped=true`);
  const socket = new WebSocket(withToken(`ws://${location.host}/api/tenancies/${encodeURIComponent(tenancy)}/feed`));
  state.socket = socket;
  $('connection').textContent = 'connecting…';
  // Messages of a socket the page has moved on from (another tenancy, a reconnect) are ignored.
  socket.onmessage = (message) => socket === state.socket && receive(JSON.parse(message.data));
  socket.onclose = () => {
    $('connection').textContent = 'disconnected; retrying';
    setTimeout(() => state.tenancy === tenancy && connect(tenancy), 2000);
  };
}

function receive(message) {
  if (message.type === 'hello') {
    state.origin = message.origin;
    state.snapshots = [message.origin.replica];
    state.steps = [];
    message.steps.forEach(addStep);
    setZooKeeper(message.zookeeper);
    $('connection').textContent = 'following ' + state.tenancy;
  } else if (message.type === 'step') {
    addStep(message.step);
    // A job that ended may have an exception and a last checkpoint to show: read its details again.
    message.step.events.filter((e) => e.job && e.kind.startsWith('job-')).forEach((e) => delete state.jobs[e.job]);
  } else if (message.type === 'event') {
    const step = state.steps[message.position - 1];
    if (step) {
      step.events.push(message.event);
    }
    if (message.event.job) {
      delete state.jobs[message.event.job];
    }
  } else if (message.type === 'zookeeper') {
    setZooKeeper(message.up);
  } else if (message.type === 'reset') {
    connect(state.tenancy);
    return;
  }
  if (state.live) {
    state.position = state.steps.length;
  }
  render();
}

function setZooKeeper(up) {
  state.zookeeper = up;
  $('zk-banner').hidden = up;
}

// ------------------------------------------------------------------------------------------------ rendering

function text(tag, content, attrs) {
  const el = document.createElement(tag);
  if (content !== undefined && content !== null) {
    el.textContent = content;
  }
  Object.entries(attrs || {}).forEach(([k, v]) => el.setAttribute(k, v));
  return el;
}

function row(cells, attrs) {
  const tr = text('tr', null, attrs);
  cells.forEach((c) => tr.appendChild(c instanceof Node ? wrap(c) : text('td', c)));
  return tr;
}

function wrap(node) {
  const td = document.createElement('td');
  td.appendChild(node);
  return td;
}

function jobState(replica, job) {
  if (replica['completed-jobs'].includes(job)) return 'completed';
  if (replica['killed-jobs'].includes(job)) return 'killed';
  const allocated = Object.values(replica.allocations[job] || {}).some((peers) => peers.length > 0);
  return allocated ? 'running' : 'waiting';
}

function allJobs(replica) {
  return [...replica.jobs, ...replica['completed-jobs'], ...replica['killed-jobs']];
}

function render() {
  const total = state.steps.length;
  const position = Math.min(state.position, total);
  const slider = $('position');
  slider.max = total;
  slider.value = position;
  $('position-label').textContent = `entry ${position} of ${total}`;
  $('live').checked = state.live;
  if (!state.origin) return;
  const replica = replicaAt(position);
  $('download-replica').href = withToken(`/api/tenancies/${encodeURIComponent(state.tenancy)}/replica.json?at=${position}`);
  renderOverview(replica);
  renderJobs(replica);
  renderJob(replica, position);
  renderEvents(position);
  renderLog(position);
}

function renderOverview(replica) {
  const hosts = {};
  const body = $('groups').tBodies[0];
  body.replaceChildren();
  for (const group of replica.groups) {
    const peers = replica['groups-index'][group] || [];
    const host = peers.length ? replica['peer-info'][peers[0]]['peer-site'].address : '';
    hosts[host] = (hosts[host] || 0) + peers.length;
    body.appendChild(row([group, host, String(peers.length)], {'data-group': group}));
  }
  const hostBody = $('hosts').tBodies[0];
  hostBody.replaceChildren(...Object.entries(hosts).map(([h, n]) => row([h, String(n)], {'data-host': h})));
  $('summary').textContent = `${replica.groups.length} peer group(s), ${replica.peers.length} peer(s) on `
    + `${Object.keys(hosts).length} host(s); ${replica.jobs.length} job(s) active, `
    + `${replica['completed-jobs'].length} completed, ${replica['killed-jobs'].length} killed`;
}

function renderJobs(replica) {
  const body = $('jobs').tBodies[0];
  body.replaceChildren();
  for (const job of allJobs(replica)) {
    const s = jobState(replica, job);
    const peers = Object.values(replica.allocations[job] || {}).reduce((n, p) => n + p.length, 0);
    const details = state.jobs[job];
    const name = details && details.definition && details.definition['job-name'] || '';
    const tr = row([job, name, text('span', s, {class: 'state ' + s}), String(peers)],
      {class: 'clickable' + (job === state.selectedJob ? ' selected' : ''), 'data-job': job, 'data-state': s});
    tr.onclick = () => { state.selectedJob = job; render(); };
    body.appendChild(tr);
    if (!details) fetchJob(job);
  }
}

function fetchJob(job) {
  state.jobs[job] = {pending: true};
  get(`/api/tenancies/${encodeURIComponent(state.tenancy)}/jobs/${encodeURIComponent(job)}`)
    .then((r) => r.json()).then((details) => { state.jobs[job] = details; render(); })
    .catch(() => { delete state.jobs[job]; });
}

function renderJob(replica, position) {
  const job = state.selectedJob;
  const section = $('job');
  if (!job || !allJobs(replica).includes(job)) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const details = state.jobs[job] || {};
  const definition = details.definition || {};
  const s = jobState(replica, job);
  $('job-id').textContent = job + (definition['job-name'] ? ` (${definition['job-name']})` : '');
  $('job-state').textContent = s;
  $('job-state').className = 'state ' + s;
  $('job-actions').hidden = !(state.actions && s !== 'completed' && s !== 'killed' && position === state.steps.length);
  const exception = $('job-exception');
  exception.hidden = !(s === 'killed' && details.exception);
  exception.textContent = details.exception || '';
  drawGraph(definition.workflow || [], definition.catalog || [], replica, job, s);
  const alloc = $('allocation').tBodies[0];
  alloc.replaceChildren();
  for (const [task, peers] of Object.entries(replica.allocations[job] || {})) {
    const hosts = {};
    peers.forEach((p) => {
      const info = replica['peer-info'][p];
      const host = info ? info['peer-site'].address + ':' + info['peer-site'].port : '?';
      hosts[host] = (hosts[host] || 0) + 1;
    });
    alloc.appendChild(row([task, String(peers.length),
      Object.entries(hosts).map(([h, n]) => `${h} × ${n}`).join(', ')], {'data-task': task}));
  }
  const checkpoints = $('checkpoints');
  checkpoints.replaceChildren();
  (details.checkpoints || []).forEach((c) => checkpoints.appendChild(text('li',
    `version ${c.version} epoch ${c.epoch}: ${Object.entries(c.slots || {}).map(([t, n]) => `${t} ×${n}`).join(', ')}`)));
  entries($('catalog'), definition.catalog, 'onyx/name');
  entries($('flow'), definition['flow-conditions'], null);
  entries($('lifecycles'), definition.lifecycles, null);
  entries($('windows'), definition.windows, 'window/id');
  entries($('triggers'), definition.triggers, 'trigger/id');
  $('metadata').textContent = JSON.stringify(definition.metadata || {}, null, 2);
}

function entries(container, list, titleKey) {
  container.replaceChildren();
  if (!list || list.length === 0) {
    container.appendChild(text('p', 'none', {class: 'muted'}));
    return;
  }
  const table = text('table');
  list.forEach((entry, i) => {
    const title = titleKey ? entry[titleKey] : String(i + 1);
    table.appendChild(row([title, Object.entries(entry).filter(([k]) => k !== titleKey)
      .map(([k, v]) => `${k} ${JSON.stringify(v)}`).join('\n')]));
  });
  container.appendChild(table);
}

/** A layered drawing of the workflow: each task in the column of its longest path from an input. */
function drawGraph(edges, catalog, replica, job, jobS) {
  const svg = $('graph');
  svg.replaceChildren();
  const ns = 'http://www.w3.org/2000/svg';
  const tasks = catalog.map((t) => t['onyx/name']);
  edges.forEach(([a, b]) => [a, b].forEach((t) => tasks.includes(t) || tasks.push(t)));
  const depth = {};
  tasks.forEach((t) => { depth[t] = 0; });
  for (let i = 0; i < tasks.length; i++) {
    edges.forEach(([a, b]) => { depth[b] = Math.max(depth[b], depth[a] + 1); });
  }
  const columns = {};
  tasks.forEach((t) => (columns[depth[t]] = columns[depth[t]] || []).push(t));
  const pos = {};
  const width = 150;
  const height = 44;
  let maxRows = 1;
  Object.entries(columns).forEach(([d, ts]) => {
    maxRows = Math.max(maxRows, ts.length);
    ts.forEach((t, i) => { pos[t] = {x: 10 + d * (width + 50), y: 10 + i * (height + 20)}; });
  });
  svg.setAttribute('height', String(20 + maxRows * (height + 20)));
  const defs = document.createElementNS(ns, 'defs');
  defs.innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
    + 'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#6b7690"/></marker>';
  svg.appendChild(defs);
  edges.forEach(([a, b]) => {
    const p = document.createElementNS(ns, 'path');
    const x1 = pos[a].x + width; const y1 = pos[a].y + height / 2;
    const x2 = pos[b].x; const y2 = pos[b].y + height / 2;
    p.setAttribute('d', `M ${x1} ${y1} C ${x1 + 25} ${y1}, ${x2 - 25} ${y2}, ${x2} ${y2}`);
    p.setAttribute('class', 'edge');
    svg.appendChild(p);
  });
  const allocation = replica.allocations[job] || {};
  tasks.forEach((t) => {
    const peers = (allocation[t] || []).length;
    const taskState = jobS === 'completed' || jobS === 'killed' ? jobS : peers > 0 ? 'running' : 'waiting';
    const g = document.createElementNS(ns, 'g');
    g.setAttribute('class', 'task');
    g.setAttribute('data-task', t);
    g.setAttribute('data-state', taskState);
    g.setAttribute('transform', `translate(${pos[t].x},${pos[t].y})`);
    const rect = document.createElementNS(ns, 'rect');
    rect.setAttribute('width', width);
    rect.setAttribute('height', height);
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', 8);
    label.setAttribute('y', 18);
    label.textContent = t;
    const sub = document.createElementNS(ns, 'text');
    sub.setAttribute('x', 8);
    sub.setAttribute('y', 36);
    const entry = catalog.find((c) => c['onyx/name'] === t) || {};
    const type = entry['onyx/type'] || '';
    sub.textContent = `${type} · ${peers} peer${peers === 1 ? '' : 's'}`;
    g.append(rect, label, sub);
    // Function tasks fused into this one run inside its peers, as Flink shows a chain as one operator.
    const fused = (entry['sardonyx/fused'] || []).map((f) => f['onyx/name']);
    if (fused.length > 0) {
      g.setAttribute('data-fused', fused.join(' '));
      label.textContent = `${t} +${fused.length} fused`;
      const title = document.createElementNS(ns, 'title');
      title.textContent = `${t} → ${fused.join(' → ')} (fused: one peer runs them all)`;
      g.appendChild(title);
    }
    svg.appendChild(g);
  });
}

function renderEvents(position) {
  const list = $('events');
  list.replaceChildren();
  const shown = [];
  for (let p = Math.min(state.steps.length, position + 20); p >= 1 && shown.length < 200; p--) {
    state.steps[p - 1].events.forEach((e) => shown.push([p, e]));
  }
  shown.forEach(([p, e]) => list.appendChild(text('li', `#${p} ${e.text}`,
    {class: p > position ? 'future' : '', 'data-kind': e.kind})));
}

function renderLog(position) {
  const filter = $('log-filter').value.trim().toLowerCase();
  const matching = [];
  for (let p = state.steps.length; p >= 1; p--) {
    const entry = state.steps[p - 1].entry;
    if (!filter || JSON.stringify(entry).toLowerCase().includes(filter)) matching.push([p, entry]);
  }
  const pages = Math.max(1, Math.ceil(matching.length / PAGE));
  state.logPage = Math.min(state.logPage, pages - 1);
  $('log-page').textContent = `page ${state.logPage + 1} of ${pages}`;
  const body = $('log').tBodies[0];
  body.replaceChildren();
  matching.slice(state.logPage * PAGE, (state.logPage + 1) * PAGE).forEach(([p, entry]) => {
    const tr = row([String(p), String(entry['message-id']), entry.fn, JSON.stringify(entry.args).slice(0, 120)],
      {class: 'clickable' + (p > position ? ' future' : '') + (p === position ? ' selected' : ''), 'data-position': p});
    tr.onclick = () => {
      $('entry-detail').hidden = false;
      $('entry-detail').textContent = JSON.stringify(state.steps[p - 1], null, 2);
      travel(p);
    };
    body.appendChild(tr);
  });
}

// ------------------------------------------------------------------------------------------------ controls

function travel(position) {
  state.live = false;
  state.position = Math.max(0, Math.min(position, state.steps.length));
  render();
}

function refreshTenancies() {
  get('/api/tenancies').then((r) => r.json()).then((answer) => {
    setZooKeeper(answer.zookeeper);
    const select = $('tenancy');
    const known = [...select.options].map((o) => o.value);
    if (JSON.stringify(known) !== JSON.stringify(answer.tenancies)) {
      select.replaceChildren(...answer.tenancies.map((t) => text('option', t, {value: t})));
    }
    const wanted = decodeURIComponent((location.hash.match(/tenancy=([^&]+)/) || [])[1] || '');
    const choice = state.tenancy || (answer.tenancies.includes(wanted) ? wanted : answer.tenancies[0]);
    if (choice && choice !== state.tenancy) {
      select.value = choice;
      connect(choice);
    }
  }).catch(() => setZooKeeper(false));
}

function kill() {
  const job = state.selectedJob;
  if (!job || !confirm(`Kill job ${job}? This writes a kill-job entry to the log.`)) return;
  fetch(`/api/tenancies/${encodeURIComponent(state.tenancy)}/jobs/${encodeURIComponent(job)}/kill`,
    {method: 'POST', headers: {'X-Sardonyx-Token': $('token').value || readToken}})
    .then((r) => r.text().then((body) => { $('kill-result').textContent = r.ok ? 'kill-job written' : body; }));
}

window.addEventListener('DOMContentLoaded', () => {
  fetch('/api/config').then((r) => r.json()).then((config) => {
    state.actions = config.actions;
    if (config['token-required']) {
      readToken = sessionStorage.getItem('sardonyx-token') || prompt('This dashboard needs its token') || '';
      sessionStorage.setItem('sardonyx-token', readToken);
    }
    render();
    refreshTenancies();
  });
  $('tenancy').onchange = (e) => connect(e.target.value);
  $('position').oninput = (e) => travel(Number(e.target.value));
  $('prev').onclick = () => travel(state.position - 1);
  $('next').onclick = () => travel(state.position + 1);
  $('jump-go').onclick = () => travel(Number($('jump').value));
  $('live').onchange = (e) => { state.live = e.target.checked; if (state.live) state.position = state.steps.length; render(); };
  $('log-filter').oninput = () => { state.logPage = 0; render(); };
  $('log-prev').onclick = () => { state.logPage = Math.max(0, state.logPage - 1); render(); };
  $('log-next').onclick = () => { state.logPage += 1; render(); };
  $('kill-job').onclick = kill;
  setInterval(refreshTenancies, 3000);
});

// For tests and the curious: the history and the replica at any position.
window.sardonyx = {replicaAt, state, travel};
