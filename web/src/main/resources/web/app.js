// Inkzee web reader. Plain DOM, no build step. Every text from the backend goes in through
// textContent; the only HTML inserted is an opened entry's content, already sanitised by the
// fetcher, cleaned again below, and shown under the page's Content-Security-Policy.
'use strict';
(() => {
  const state = {
    user: null, csrf: null, view: 'river', items: [], selected: -1, cursor: null, riverAsOf: null,
    subs: [], folders: [], hitsTimer: null, openId: null,
  };
  const $ = (id) => document.getElementById(id);
  const VIEWS = ['river', 'digest', 'alerts', 'filters', 'feeds', 'apps'];
  const HIT_POLL_MS = 15000;

  // ---- helpers

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else if (k === 'on') for (const [ev, fn] of Object.entries(v)) e.addEventListener(ev, fn);
      else if (k === 'data') Object.assign(e.dataset, v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  /** Only http(s) links leave the page; anything else (javascript:, data:) is dropped. */
  function safeUrl(u) {
    return typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null;
  }

  function ago(iso) {
    if (!iso) return '';
    const s = (Date.now() - Date.parse(iso)) / 1000;
    if (s < 60) return 'just now';
    if (s < 3600) return Math.round(s / 60) + ' min ago';
    if (s < 86400) return Math.round(s / 3600) + ' h ago';
    return new Date(iso).toLocaleDateString();
  }

  function toast(message, error) {
    const t = $('toast');
    t.textContent = message;
    t.className = error ? 'error' : '';
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, error ? 6000 : 2500);
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      headers['X-Requested-With'] = 'inkzee';
      if (state.csrf) headers['X-CSRF-Token'] = state.csrf;
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 204) return null;
    let data;
    try { data = await res.json(); } catch (e) { data = { error: 'bad_response', message: res.status + ' ' + res.statusText }; }
    if (!res.ok) {
      const err = new Error(data.message || res.statusText);
      err.status = res.status;
      err.code = data.error;
      throw err;
    }
    return data;
  }

  function fail(e) {
    if (e.status === 401 && state.user) {
      signedOut();
      toast('Your session ended; sign in again.', true);
      return;
    }
    toast(e.message, true);
  }

  // ---- sign-in

  async function boot() {
    try {
      signedIn(await api('GET', '/api/session'));
    } catch (e) {
      signedOut();
      if (e.status !== 401) toast(e.message, true);
    }
  }

  function signedIn(session) {
    state.user = session.user;
    state.csrf = session.csrfToken;
    $('who').textContent = session.user.name;
    $('auth-view').hidden = true;
    $('top').hidden = false;
    show('river');
    loadSubscriptions().then(loadRiver);
    pollHits();
  }

  function signedOut() {
    state.user = null;
    state.csrf = null;
    clearTimeout(state.hitsTimer);
    $('top').hidden = true;
    $('reader').hidden = true;
    for (const v of VIEWS) $(v + '-view').hidden = true;
    $('auth-view').hidden = false;
    hideNewApp();
  }

  async function authSubmit(ev, path, body) {
    ev.preventDefault();
    $('auth-error').textContent = '';
    try {
      signedIn(await api('POST', path, body));
    } catch (e) {
      $('auth-error').textContent = e.message;
    }
  }

  // ---- views

  function show(view) {
    state.view = view;
    for (const v of VIEWS) $(v + '-view').hidden = v !== view;
    for (const b of document.querySelectorAll('#nav button')) b.classList.toggle('active', b.dataset.view === view);
    if (view === 'alerts') loadAlerts();
    if (view === 'filters') loadFilters();
    if (view === 'feeds') loadSubscriptions();
    if (view === 'apps') loadApps();
  }

  // ---- subscriptions and folders

  async function loadSubscriptions() {
    try {
      const r = await api('GET', '/api/subscriptions');
      state.subs = r.subscriptions;
      state.folders = r.folders;
      renderScope();
      renderFeeds();
    } catch (e) { fail(e); }
  }

  function renderScope() {
    const sel = $('river-scope');
    const keep = sel.value;
    sel.replaceChildren(el('option', { value: '', text: 'All feeds' }));
    if (state.folders.length) {
      const g = el('optgroup', { label: 'Folders' });
      for (const f of state.folders) g.append(el('option', { value: 'folder:' + f, text: f }));
      sel.append(g);
    }
    const g = el('optgroup', { label: 'Feeds' });
    for (const s of state.subs) g.append(el('option', { value: 'feed:' + s.feedId, text: s.title || s.feedUrl }));
    sel.append(g);
    sel.value = [...sel.options].some((o) => o.value === keep) ? keep : '';
    $('folder-names').replaceChildren(...state.folders.map((f) => el('option', { value: f })));
  }

  /**
   * The feed's own icon, or nothing. https only: the page's CSP allows https: images and would
   * block (and report) a plain-http one. No referrer, so the publisher's server is not told which
   * Inkzee address showed it; lazy, as a long list would otherwise load every icon at once.
   */
  function feedIcon(s) {
    const src = safeUrl(s.iconUrl);
    if (!src || !/^https:/i.test(src)) return null;
    return el('img', { class: 'feed-icon', src, alt: '', width: '16', height: '16', loading: 'lazy', referrerpolicy: 'no-referrer' });
  }

  function renderFeeds() {
    const list = $('feed-list');
    list.replaceChildren();
    if (!state.subs.length) {
      list.append(el('p', { class: 'hint', text: 'No subscriptions yet.' }));
      return;
    }
    const groups = new Map();
    for (const s of state.subs) {
      const k = s.folder || '';
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(s);
    }
    for (const [folder, subs] of groups) {
      const box = el('div', { class: 'folder' }, el('h3', { text: folder || 'No folder' }));
      for (const s of subs) {
        const input = el('input', { value: s.folder || '', list: 'folder-names', 'aria-label': 'folder', size: '12' });
        box.append(el('div', { class: 'sub', data: { feedId: s.feedId } },
          el('span', { class: 'name' },
            feedIcon(s), el('strong', { text: s.title || s.feedUrl }), ' ',
            el('span', { class: 'hint', text: s.feedUrl }),
            s.failing || s.lastError ? el('div', { class: 'failing', text: 'Failing: ' + (s.lastError || 'fetch errors') }) : null),
          el('span', {}, input, ' ',
            el('button', { type: 'button', text: 'Move', on: { click: () => moveFeed(s, input.value) } }), ' ',
            el('button', { type: 'button', class: 'unsubscribe', text: 'Unsubscribe', on: { click: () => unsubscribe(s) } }))));
      }
      list.append(box);
    }
  }

  async function subscribe(ev) {
    ev.preventDefault();
    const status = $('subscribe-status');
    status.textContent = 'Looking for the feed…';
    try {
      const r = await api('POST', '/api/subscriptions', { url: $('subscribe-url').value, folder: $('subscribe-folder').value });
      const s = r.subscription;
      status.textContent = 'Subscribed to ' + (s.title || s.feedUrl) +
        (r.discovered.length > 1 ? ' (the page named ' + r.discovered.length + ' feeds; the first was chosen)' : '') +
        '. Its entries arrive within a minute.';
      $('subscribe-url').value = '';
      await loadSubscriptions();
    } catch (e) {
      status.textContent = e.message;
      fail(e);
    }
  }

  async function moveFeed(s, folder) {
    try {
      await api('PATCH', '/api/subscriptions/' + s.feedId, { folder });
      toast('Moved');
      await loadSubscriptions();
    } catch (e) { fail(e); }
  }

  async function unsubscribe(s) {
    if (!confirm('Unsubscribe from ' + (s.title || s.feedUrl) + '?')) return;
    try {
      await api('DELETE', '/api/subscriptions/' + s.feedId);
      await loadSubscriptions();
    } catch (e) { fail(e); }
  }

  // The file's text, decoded as XML says: a byte-order mark, else the encoding its declaration
  // names, else UTF-8 (file.text() would read a Latin-1 export as UTF-8 and garble its accents).
  async function opmlText(file) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let label = 'utf-8';
    if (bytes[0] === 0xFF && bytes[1] === 0xFE) label = 'utf-16le';
    else if (bytes[0] === 0xFE && bytes[1] === 0xFF) label = 'utf-16be';
    else {
      const head = new TextDecoder('iso-8859-1').decode(bytes.subarray(0, 256));
      const declared = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,64})["']/.exec(head);
      if (declared) label = declared[1];
    }
    let decoder;
    try {
      decoder = new TextDecoder(label);
    } catch (e) {
      throw new Error('This file declares the encoding "' + label + '", which this browser cannot read.');
    }
    return decoder.decode(bytes);
  }

  async function importOpml(ev) {
    ev.preventDefault();
    const file = $('opml-file').files[0];
    const out = $('opml-status');
    if (!file) return;
    out.textContent = 'Importing…';
    try {
      const r = await api('POST', '/api/opml', { opml: await opmlText(file) });
      out.replaceChildren(el('p', { text: 'Subscribed to ' + r.subscribed + ' feeds; ' + r.skipped + ' left out.' }));
      if (r.problems.length) out.append(el('ul', {}, ...r.problems.map((p) => el('li', { text: p }))));
      await loadSubscriptions();
    } catch (e) {
      out.textContent = e.message;
      fail(e);
    }
  }

  // ---- the river

  function riverQuery(cursor) {
    const p = new URLSearchParams({ order: $('river-order').value, read: $('river-all').checked ? 'all' : 'unread', limit: '50' });
    const scope = $('river-scope').value;
    if (scope.startsWith('folder:')) p.set('folder', scope.slice(7));
    if (scope.startsWith('feed:')) p.set('feed', scope.slice(5));
    if (cursor) p.set('cursor', cursor);
    return '/api/river?' + p;
  }

  async function loadRiver(more) {
    $('river').setAttribute('aria-busy', 'true');
    try {
      const r = await api('GET', riverQuery(more ? state.cursor : null));
      if (!more) {
        // "Mark all read" marks only what had arrived when this river was read.
        state.riverAsOf = r.asOf;
        state.items = [];
        state.selected = -1;
        $('river').replaceChildren();
      }
      for (const item of r.items) {
        state.items.push(item);
        $('river').append(riverItem(item));
      }
      state.cursor = r.nextCursor;
      $('river-more').hidden = !r.nextCursor;
      $('river-empty').hidden = state.items.length > 0;
    } catch (e) {
      fail(e);
    } finally {
      $('river').setAttribute('aria-busy', 'false');
    }
  }

  function riverItem(item) {
    const li = el('li', { class: 'item', data: { id: item.entryId } });
    paintItem(li, item);
    return li;
  }

  function paintItem(li, item) {
    li.classList.toggle('read', item.read);
    li.classList.toggle('starred', item.starred);
    const why = el('details', { class: 'why' },
      el('summary', { text: 'score ' + item.score.toFixed(2) + ' — why' }),
      el('ul', {}, ...item.why.map((p) => el('li', { text: (p.points >= 0 ? '+' : '') + p.points.toFixed(2) + ' ' + p.factor + ': ' + p.why }))));
    const also = item.alsoIn.length
      ? el('details', { class: 'also' },
        el('summary', { text: 'also in ' + item.alsoIn.length + (item.alsoIn.length === 1 ? ' feed' : ' feeds') }),
        el('ul', {}, ...item.alsoIn.map((a) => el('li', {},
          safeUrl(a.url) ? el('a', { href: safeUrl(a.url), target: '_blank', rel: 'noopener noreferrer', text: a.feedTitle || a.url }) : a.feedTitle || ''))))
      : null;
    const minutes = Math.max(1, Math.round(item.readingSeconds / 60));
    li.replaceChildren(
      el('div', { class: 'line1' },
        el('a', { class: 'title', href: '#', text: item.title || '(untitled)', on: { click: (ev) => { ev.preventDefault(); select(indexOf(item.entryId)); openEntry(item.entryId); } } }),
        el('span', { class: 'feed', text: item.feedTitle || '' }),
        el('span', { class: 'when', text: ago(item.sortAt) + ' · ' + minutes + ' min read' })),
      item.summary ? el('p', { class: 'summary', text: item.summary.length > 320 ? item.summary.slice(0, 317) + '…' : item.summary }) : null,
      el('div', { class: 'meta' }, why, also),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'read', text: item.read ? 'Mark unread' : 'Mark read', on: { click: () => mark(item, { read: !item.read }) } }),
        el('button', { type: 'button', class: 'star' + (item.starred ? ' on' : ''), 'aria-pressed': String(item.starred), text: item.starred ? '★ Starred' : '☆ Star', on: { click: () => mark(item, { starred: !item.starred }) } }),
        el('button', { type: 'button', class: 'like' + (item.liking > 0 ? ' on' : ''), 'aria-pressed': String(item.liking > 0), text: '▲ Like', on: { click: () => mark(item, { liking: item.liking > 0 ? 0 : 1 }) } }),
        el('button', { type: 'button', class: 'dislike' + (item.liking < 0 ? ' on' : ''), 'aria-pressed': String(item.liking < 0), text: '▼ Less like this', on: { click: () => mark(item, { liking: item.liking < 0 ? 0 : -1 }) } }),
        safeUrl(item.url) ? el('a', { href: safeUrl(item.url), target: '_blank', rel: 'noopener noreferrer', text: 'Original ↗' }) : null));
  }

  function indexOf(entryId) {
    return state.items.findIndex((i) => i.entryId === entryId);
  }

  function liOf(entryId) {
    return $('river').querySelector('li.item[data-id="' + entryId + '"]');
  }

  async function mark(item, change) {
    try {
      const r = await api('POST', '/api/entries/state', Object.assign({ entryIds: [item.entryId] }, change));
      Object.assign(item, change);
      const li = liOf(item.entryId);
      if (li) paintItem(li, item);
      if (change.read && r.alsoMarked.length) toast('Read, with ' + r.alsoMarked.length + ' copies in other feeds');
    } catch (e) { fail(e); }
  }

  function select(i) {
    if (i < 0 || i >= state.items.length) return;
    const old = $('river').querySelector('li.selected');
    if (old) old.classList.remove('selected');
    state.selected = i;
    const li = liOf(state.items[i].entryId);
    if (li) {
      li.classList.add('selected');
      li.scrollIntoView({ block: 'nearest' });
    }
  }

  async function markAllRead() {
    const scope = $('river-scope').value;
    const body = {};
    if (scope.startsWith('feed:')) body.feedIds = [Number(scope.slice(5))];
    if (scope.startsWith('folder:')) body.feedIds = state.subs.filter((s) => s.folder === scope.slice(7)).map((s) => s.feedId);
    if (state.riverAsOf) body.seenBefore = state.riverAsOf;
    try {
      const r = await api('POST', '/api/mark-all-read', body);
      toast(r.marked + ' marked read');
      await loadRiver();
    } catch (e) { fail(e); }
  }

  // ---- reading an entry

  const DROP = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'FORM', 'INPUT', 'BUTTON', 'TEXTAREA', 'SELECT', 'LINK', 'META', 'BASE', 'SVG', 'MATH', 'TEMPLATE']);

  /** A second cleaning of sanitised HTML: parsed inertly, then only harmless nodes kept. */
  function cleanHtml(html) {
    const doc = new DOMParser().parseFromString(html || '', 'text/html');
    const walk = (node) => {
      for (const child of [...node.children]) {
        if (DROP.has(child.tagName.toUpperCase())) { child.remove(); continue; }
        for (const attr of [...child.attributes]) {
          const n = attr.name.toLowerCase();
          if (n.startsWith('on') || n === 'style' || n === 'srcset' || n === 'formaction') child.removeAttribute(attr.name);
        }
        if (child.hasAttribute('href')) {
          const u = safeUrl(child.getAttribute('href'));
          if (u) { child.setAttribute('href', u); child.setAttribute('target', '_blank'); child.setAttribute('rel', 'noopener noreferrer'); } else child.removeAttribute('href');
        }
        if (child.hasAttribute('src')) {
          const src = child.getAttribute('src');
          if (!/^https:\/\//i.test(src) && !/^data:image\//i.test(src)) child.removeAttribute('src');
          child.setAttribute('referrerpolicy', 'no-referrer');
          child.setAttribute('loading', 'lazy');
        }
        walk(child);
      }
    };
    walk(doc.body);
    return [...doc.body.childNodes].map((n) => document.importNode(n, true));
  }

  async function openEntry(entryId) {
    try {
      const r = await api('GET', '/api/entries/' + entryId);
      const e = r.entry;
      state.openId = e.id;
      $('reader-title').textContent = e.title || '(untitled)';
      const link = $('reader-link');
      if (safeUrl(e.url)) { link.href = safeUrl(e.url); link.hidden = false; } else link.hidden = true;
      const item = state.items.find((i) => i.entryId === e.id);
      $('reader-meta').textContent = [item ? item.feedTitle : '', e.author || '', e.publishedAt ? new Date(e.publishedAt).toLocaleString() : ''].filter(Boolean).join(' · ');
      $('reader-content').replaceChildren(...cleanHtml(e.contentHtml));
      $('reader').hidden = false;
      $('reader').scrollTop = 0;
    } catch (e) { fail(e); }
  }

  function closeReader() {
    $('reader').hidden = true;
    state.openId = null;
  }

  // ---- digest

  async function loadDigest() {
    try {
      const minutes = $('digest-minutes').value;
      const r = await api('GET', '/api/digest?minutes=' + encodeURIComponent(minutes));
      $('digest-total').textContent = r.items.length
        ? r.items.length + ' entries, ' + Math.round(r.totalSeconds / 60) + ' of ' + Math.round(r.budgetSeconds / 60) + ' minutes'
        : 'Nothing unread fits; subscribe to more feeds or come back later.';
      $('digest').replaceChildren(...r.items.map((d) => el('li', { class: 'item' },
        el('div', { class: 'line1' },
          el('a', { class: 'title', href: '#', text: d.item.title || '(untitled)', on: { click: (ev) => { ev.preventDefault(); openEntry(d.item.entryId); } } }),
          el('span', { class: 'feed', text: d.item.feedTitle || '' }),
          el('span', { class: 'when', text: Math.max(1, Math.round(d.readingSeconds / 60)) + ' min' })),
        el('p', { class: 'summary', text: d.summary || '' }))));
    } catch (e) { fail(e); }
  }

  // ---- alerts and hits

  async function loadAlerts() {
    try {
      const r = await api('GET', '/api/alerts');
      $('alert-list').replaceChildren(...r.alerts.map((a) => el('li', {},
        el('span', { text: a.query }),
        el('button', { type: 'button', text: 'Delete', on: { click: () => deleteRule('alerts', a.id, loadAlerts) } }))));
      await loadHits();
    } catch (e) { fail(e); }
  }

  async function loadHits() {
    const r = await api('GET', '/api/alerts/hits?limit=50');
    const unacked = r.hits.filter((h) => !h.acknowledgedAt).length;
    $('hit-badge').textContent = String(unacked);
    $('hit-badge').hidden = unacked === 0;
    if (state.view !== 'alerts') return;
    $('hit-list').replaceChildren(...r.hits.map((h) => el('li', { class: 'hit' + (h.acknowledgedAt ? ' acked' : ''), data: { id: h.id } },
      el('div', { class: 'line1' },
        h.entry
          ? el('a', { class: 'title', href: '#', text: h.entry.title || '(untitled)', on: { click: (ev) => { ev.preventDefault(); openEntry(h.entryId); } } })
          : el('span', { class: 'title', text: 'entry ' + h.entryId }),
        el('span', { class: 'feed', text: 'alert: ' + (h.alertName || h.alertId) }),
        el('span', { class: 'when', text: ago(h.hitAt) })),
      h.acknowledgedAt ? null : el('div', { class: 'actions' },
        el('button', { type: 'button', text: 'Seen', on: { click: () => ack(h.id) } })))));
    if (!r.hits.length) $('hit-list').append(el('li', { class: 'hint', text: 'No hits yet. New entries matching an alert show up here.' }));
  }

  async function pollHits() {
    clearTimeout(state.hitsTimer);
    if (!state.user) return;
    try { await loadHits(); } catch (e) { if (e.status === 401) { fail(e); return; } }
    state.hitsTimer = setTimeout(pollHits, HIT_POLL_MS);
  }

  async function ack(id) {
    try {
      await api('POST', '/api/alerts/hits/ack', { hitIds: [id] });
      await loadHits();
    } catch (e) { fail(e); }
  }

  async function addAlert(ev) {
    ev.preventDefault();
    try {
      await api('POST', '/api/alerts', { query: $('alert-query').value });
      $('alert-query').value = '';
      toast('Alert added: new entries that match will show up here');
      await loadAlerts();
    } catch (e) { fail(e); }
  }

  // ---- filters

  async function loadFilters() {
    try {
      const r = await api('GET', '/api/filters');
      $('filter-list').replaceChildren(...r.filters.map((f) => el('li', {},
        el('span', { text: f.action.toLowerCase().replace('_', ' ') + ' when ' + f.field.toLowerCase() + ' has ' + (f.match || 'KEYWORD').toLowerCase() + ' "' + f.pattern + '"' }),
        el('button', { type: 'button', text: 'Delete', on: { click: () => deleteRule('filters', f.id, loadFilters) } }))));
    } catch (e) { fail(e); }
  }

  async function addFilter(ev) {
    ev.preventDefault();
    try {
      await api('POST', '/api/filters', {
        pattern: $('filter-pattern').value, field: $('filter-field').value,
        match: $('filter-match').value, action: $('filter-action').value,
      });
      $('filter-pattern').value = '';
      await loadFilters();
    } catch (e) { fail(e); }
  }

  async function deleteRule(kind, id, reload) {
    try {
      await api('DELETE', '/api/' + kind + '/' + id);
      await reload();
    } catch (e) { fail(e); }
  }

  // ---- app passwords (reading apps: Google Reader and Fever APIs)

  async function loadApps() {
    try {
      const r = await api('GET', '/api/app-passwords');
      $('app-empty').hidden = r.appPasswords.length > 0;
      $('app-list').replaceChildren(...r.appPasswords.map((p) => el('li', { class: 'app', data: { id: p.id } },
        el('span', {},
          el('strong', { class: 'app-label', text: p.label }), ' ',
          el('span', { class: 'app-meta', text: 'created ' + ago(p.createdAt) + ' · ' +
            (p.lastUsedAt ? 'last used ' + ago(p.lastUsedAt) : 'never used') + ' · ' +
            (p.rankedOrder ? 'ranked order' : 'by date') })),
        el('span', { class: 'app-actions' },
          el('button', { type: 'button', class: 'app-order', text: p.rankedOrder ? 'Use date order' : 'Use ranked order', on: { click: () => setAppOrder(p, !p.rankedOrder) } }),
          el('button', { type: 'button', class: 'app-revoke', text: 'Revoke', on: { click: () => revokeApp(p) } })))));
    } catch (e) { fail(e); }
  }

  async function createApp(ev) {
    ev.preventDefault();
    try {
      const r = await api('POST', '/api/app-passwords', { label: $('app-label').value, rankedOrder: $('app-ranked').checked });
      $('app-new-user').textContent = r.userName;
      $('app-new-password').textContent = r.password;
      $('app-new-greader').textContent = r.servers.googleReader;
      $('app-new-fever').textContent = r.servers.fever;
      $('app-new').hidden = false;
      $('app-label').value = '';
      $('app-ranked').checked = false;
      await loadApps();
    } catch (e) { fail(e); }
  }

  /** Forgets the shown password: it stays only as long as the reader needs to copy it. */
  function hideNewApp() {
    for (const id of ['app-new-user', 'app-new-password', 'app-new-greader', 'app-new-fever']) $(id).textContent = '';
    $('app-new').hidden = true;
  }

  async function setAppOrder(p, rankedOrder) {
    try {
      await api('PATCH', '/api/app-passwords/' + p.id, { rankedOrder });
      await loadApps();
    } catch (e) { fail(e); }
  }

  async function revokeApp(p) {
    if (!confirm('Revoke the app password "' + p.label + '"? The app signed in with it stops syncing.')) return;
    try {
      await api('DELETE', '/api/app-passwords/' + p.id);
      toast('Revoked');
      await loadApps();
    } catch (e) { fail(e); }
  }

  // ---- keyboard: j/k next/previous, o open, m read, s star, Esc close

  function onKey(ev) {
    if (!state.user || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    if (ev.key === 'Escape') { closeReader(); return; }
    if (state.view !== 'river') return;
    const cur = state.items[state.selected];
    switch (ev.key) {
      case 'j': if (!$('reader').hidden) closeReader(); select(Math.min(state.selected + 1, state.items.length - 1)); break;
      case 'k': if (!$('reader').hidden) closeReader(); select(Math.max(state.selected - 1, 0)); break;
      case 'o': if (cur) { if (state.openId === cur.entryId) closeReader(); else openEntry(cur.entryId); } break;
      case 'm': if (cur) mark(cur, { read: !cur.read }); break;
      case 's': if (cur) mark(cur, { starred: !cur.starred }); break;
      default: return;
    }
    ev.preventDefault();
  }

  // ---- wiring

  document.addEventListener('DOMContentLoaded', () => {
    $('signin-form').addEventListener('submit', (ev) => authSubmit(ev, '/api/signin', { name: $('signin-name').value, password: $('signin-password').value }));
    $('signup-form').addEventListener('submit', (ev) => authSubmit(ev, '/api/signup', { name: $('signup-name').value, password: $('signup-password').value, email: $('signup-email').value || null }));
    $('signout').addEventListener('click', async () => {
      try { await api('POST', '/api/signout'); } catch (e) { /* signed out either way */ }
      signedOut();
    });
    for (const b of document.querySelectorAll('#nav button')) b.addEventListener('click', () => { closeReader(); show(b.dataset.view); if (b.dataset.view === 'river') loadRiver(); });
    for (const id of ['river-order', 'river-scope', 'river-all']) $(id).addEventListener('change', () => loadRiver());
    $('river-refresh').addEventListener('click', () => loadRiver());
    $('river-more').addEventListener('click', () => loadRiver(true));
    $('river-all-read').addEventListener('click', markAllRead);
    $('reader-close').addEventListener('click', closeReader);
    $('digest-go').addEventListener('click', loadDigest);
    $('digest-minutes').addEventListener('change', loadDigest);
    $('alert-form').addEventListener('submit', addAlert);
    $('hits-refresh').addEventListener('click', () => loadHits().catch(fail));
    $('filter-form').addEventListener('submit', addFilter);
    $('subscribe-form').addEventListener('submit', subscribe);
    $('opml-form').addEventListener('submit', importOpml);
    $('app-form').addEventListener('submit', createApp);
    $('app-new-done').addEventListener('click', hideNewApp);
    document.addEventListener('keydown', onKey);
    boot();
  });
})();
