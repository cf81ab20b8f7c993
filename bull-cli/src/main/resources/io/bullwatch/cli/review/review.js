// BullWatch review page: plain JavaScript, no build step, no network beyond this server.
(function () {
  'use strict';
  var token = new URLSearchParams(location.search).get('token') || '';
  var state = { nights: [], night: null, data: null, mode: 'events', items: [], index: 0, media: {}, busy: 0 };
  var $ = function (id) { return document.getElementById(id); };

  function api(path, params) {
    var q = new URLSearchParams(params || {});
    q.set('token', token);
    return path + '?' + q.toString();
  }
  function status(text, error) {
    var s = $('status');
    s.textContent = text;
    s.className = error ? 'error' : '';
  }
  function getJson(path, params) {
    return fetch(api(path, params)).then(function (r) {
      if (!r.ok) { return r.text().then(function (t) { throw new Error(t || r.status); }); }
      return r.json();
    });
  }
  function fmtTime(s) {
    s = Math.round(s * 10) / 10;
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = (s % 60).toFixed(1);
    return (h ? h + ':' : '') + String(m).padStart(h ? 2 : 1, '0') + ':' + sec.padStart(4, '0');
  }
  function fmtCount(c) {
    if (!c || c.estimate === undefined) { return ''; }
    return c.estimate.toFixed(1) + ' [' + c.lower + '\u2013' + c.upper + ']';
  }
  function cell(tr, text) {
    var td = document.createElement('td');
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  // ---- index ----
  function loadIndex() {
    return getJson('/api/nights').then(function (d) {
      state.nights = d.nights;
      $('folder').textContent = d.out;
      fillReviewer(d.reviewer);
      var body = $('nights').tBodies[0];
      body.textContent = '';
      d.nights.forEach(function (n) {
        var tr = document.createElement('tr');
        tr.className = 'night' + (n.error ? ' error' : '');
        tr.dataset.name = n.name;
        tr.tabIndex = 0;
        cell(tr, n.name);
        cell(tr, n.site);
        if (n.error) {
          var td = cell(tr, n.error);
          td.colSpan = 5;
        } else {
          cell(tr, n.events);
          cell(tr, n.events ? Math.round(100 * n.reviewed / n.events) + ' %' : '-');
          cell(tr, n.confirmed);
          cell(tr, fmtCount(n)).className = 'estimate';
          cell(tr, n.method);
          tr.addEventListener('click', function () { location.hash = 'night=' + encodeURIComponent(n.name); });
          tr.addEventListener('keydown', function (e) { if (e.key === 'Enter') { tr.click(); } });
        }
        body.appendChild(tr);
      });
      var sites = $('sites').tBodies[0];
      sites.textContent = '';
      d.sites.forEach(function (s) {
        var tr = document.createElement('tr');
        cell(tr, s.site);
        cell(tr, fmtCount(s));
        cell(tr, s.method);
        sites.appendChild(tr);
      });
      $('season').src = api('/api/season.png', { v: Date.now() });
    });
  }

  // ---- one night ----
  function openNight(name) {
    state.night = name;
    $('index-view').hidden = true;
    $('night-view').hidden = false;
    $('night-name').textContent = name;
    return reloadNight(true);
  }
  function reloadNight(first) {
    return getJson('/api/night', { name: state.night }).then(function (d) {
      state.data = d;
      fillReviewer(d.reviewer);
      if (d.error) { status(d.error, true); return; }
      if (first) { state.index = 0; }
      render();
      // when a night first becomes usable (list and first card shown), for the browser test
      if (first && performance.mark) { performance.mark('bull-night-ready'); }
    }).catch(function (e) { status('cannot load the night: ' + e.message, true); });
  }
  function items() {
    var d = state.data;
    var list;
    if (state.mode === 'sample') {
      list = d.sample.map(function (u) { u.sample = true; return u; }).concat(d.cells);
    } else {
      list = d.events.slice();
    }
    var min = parseFloat($('min-score').value) || 0;
    var f = $('filter').value;
    list = list.filter(function (u) {
      if (u.score < min) { return false; }
      if (f === 'all') { return true; }
      if (f === 'open') { return !u.verdict; }
      return u.verdict === f;
    });
    var byScore = $('sort').value === 'score';
    list.sort(function (a, b) { return byScore ? b.score - a.score || a.start - b.start : a.start - b.start; });
    return list;
  }
  function render() {
    var keep = state.items[state.index] && state.items[state.index].key;
    state.items = items();
    if (keep) {
      var i = state.items.findIndex(function (u) { return u.key === keep; });
      if (i >= 0) { state.index = i; }
    }
    state.index = Math.max(0, Math.min(state.index, state.items.length - 1));
    var ol = $('list');
    ol.textContent = '';
    var frag = document.createDocumentFragment();
    state.items.forEach(function (u, i) {
      var li = document.createElement('li');
      li.dataset.key = u.key;
      li.dataset.verdict = u.verdict || '';
      var t = document.createElement('span');
      t.textContent = fmtTime(u.start) + '\u2013' + fmtTime(u.end);
      var s = document.createElement('span');
      s.textContent = u.score.toFixed(3);
      var v = document.createElement('span');
      v.className = 'v';
      v.textContent = u.verdict || '';
      li.append(t, s, v);
      li.addEventListener('click', function () { select(i); });
      frag.appendChild(li);
    });
    ol.appendChild(frag);
    var d = state.data;
    var judged = d.events.filter(function (u) { return u.verdict; }).length;
    $('progress').textContent = state.mode === 'sample'
      ? (d.sample.length ? d.sample.length + ' left in the counting sample' : 'counting sample done')
      : judged + ' / ' + d.events.length + ' reviewed';
    showCount(d.count);
    select(state.index);
  }
  function showCount(c) {
    $('count').textContent = 'confirmed ' + c.confirmed + ' \u00b7 estimated ' + fmtCount(c) + ' (' + c.method + ')';
    $('count').dataset.estimate = c.estimate;
  }
  function mediaUrl(kind, u) {
    return api('/api/' + kind, { name: state.night, kind: u.kind, start: u.start, end: u.end });
  }
  function prefetch(u) {
    if (!u || state.media[u.key]) { return state.media[u.key]; }
    var m = { audio: fetch(mediaUrl('clip', u)).then(function (r) {
      if (!r.ok) { throw new Error('clip: ' + r.status); }
      return r.blob();
    }).then(function (b) { return URL.createObjectURL(b); }) };
    m.audio.catch(function () { delete state.media[u.key]; });
    var img = new Image();
    img.src = mediaUrl('spectrogram', u);
    m.img = img;
    state.media[u.key] = m;
    return m;
  }
  function select(i) {
    var lis = $('list').children;
    if (lis[state.index]) { lis[state.index].classList.remove('current'); }
    state.index = i;
    var u = state.items[i];
    var audio = $('card-audio');
    if (!u) {
      $('card-question').textContent = state.mode === 'sample' ? 'Nothing left to judge in the counting sample.' : 'No detections to show.';
      $('card-info').textContent = '';
      $('card-img').removeAttribute('src');
      audio.removeAttribute('src');
      return;
    }
    lis[i].classList.add('current');
    lis[i].scrollIntoView({ block: 'nearest' });
    $('card-question').textContent = u.kind === 'cell'
      ? 'Does a bull begin between the white lines?' : 'Is this detection a bull?';
    $('card-info').textContent = state.data.recording + ' \u00b7 ' + fmtTime(u.start) + '\u2013' + fmtTime(u.end)
      + ' \u00b7 score ' + u.score.toFixed(3) + (u.verdict ? ' \u00b7 ' + u.verdict + (u.reviewer ? ' (' + u.reviewer + ')' : '') : '');
    var m = prefetch(u);
    $('card-img').src = m.img.src;
    audio.dataset.key = u.key;
    m.audio.then(function (url) { if (audio.dataset.key === u.key) { audio.src = url; } })
      .catch(function (e) { status('no audio: ' + e.message, true); });
    prefetch(state.items[i + 1]);
    prefetch(state.items[i + 2]);
  }
  function play() {
    var a = $('card-audio');
    if (!a.src) { return; }
    if (a.paused) { a.currentTime = a.ended ? 0 : a.currentTime; a.play().catch(function () {}); } else { a.pause(); }
  }
  function judge(verdict) {
    var u = state.items[state.index];
    if (!u) { return; }
    var reviewer = $('reviewer').value.trim();
    localStorage.setItem('bull.reviewer', reviewer);
    state.busy++;
    status('saving\u2026');
    fetch(api('/api/verdict'), {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: state.night, kind: u.kind, start: String(u.start), end: String(u.end), verdict: verdict, reviewer: reviewer })
    }).then(function (r) {
      if (!r.ok) { return r.text().then(function (t) { throw new Error(t); }); }
      return r.json();
    }).then(function (d) {
      state.busy--;
      u.verdict = verdict;
      u.reviewer = reviewer;
      var li = $('list').querySelector('li[data-key="' + CSS.escape(u.key) + '"]');
      if (li) { li.dataset.verdict = verdict; li.querySelector('.v').textContent = verdict; }
      showCount(d.count);
      status('saved ' + verdict + ' at ' + fmtTime(u.start));
      if (state.mode === 'sample') { reloadNight(false); }
      else {
        var judged = state.data.events.filter(function (e) { return e.verdict; }).length;
        $('progress').textContent = judged + ' / ' + state.data.events.length + ' reviewed';
      }
    }).catch(function (e) { state.busy--; status('NOT saved: ' + e.message, true); });
    if (state.index < state.items.length - 1) { select(state.index + 1); }
  }

  // ---- wiring ----
  function fillReviewer(fromServer) {
    if ($('reviewer').value) { return; }
    $('reviewer').value = localStorage.getItem('bull.reviewer') || fromServer || '';
  }
  function route() {
    var m = /^#night=(.+)$/.exec(location.hash);
    if (m) { openNight(decodeURIComponent(m[1])); }
    else {
      state.night = null;
      $('night-view').hidden = true;
      $('index-view').hidden = false;
      loadIndex().catch(function (e) { status('cannot load the nights: ' + e.message, true); });
    }
  }
  document.addEventListener('keydown', function (e) {
    if (!state.night || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target.tagName;
    if (t === 'INPUT' || t === 'SELECT' || t === 'TEXTAREA') { return; }
    var k = e.key;
    if (k === 'y') { judge('bull'); }
    else if (k === 'n') { judge('not-bull'); }
    else if (k === 'u') { judge('unsure'); }
    else if (k === ' ') { play(); }
    else if (k === 'ArrowDown' || k === 'ArrowRight' || k === 'j') { select(Math.min(state.items.length - 1, state.index + 1)); }
    else if (k === 'ArrowUp' || k === 'ArrowLeft' || k === 'k') { select(Math.max(0, state.index - 1)); }
    else if (k === 'Escape') { location.hash = ''; }
    else { return; }
    e.preventDefault();
  });
  $('back').addEventListener('click', function () { location.hash = ''; });
  $('home').addEventListener('click', function (e) { e.preventDefault(); location.hash = ''; });
  $('mode-events').addEventListener('click', function () { setMode('events'); });
  $('mode-sample').addEventListener('click', function () { setMode('sample'); });
  function setMode(m) {
    state.mode = m;
    state.index = 0;
    state.items = [];
    $('mode-events').classList.toggle('on', m === 'events');
    $('mode-sample').classList.toggle('on', m === 'sample');
    $('sort').value = m === 'sample' ? 'time' : 'score';
    render();
  }
  ['sort', 'filter', 'min-score'].forEach(function (id) { $(id).addEventListener('change', function () { render(); }); });
  document.querySelectorAll('.buttons button').forEach(function (b) {
    b.addEventListener('click', function () { judge(b.dataset.v); });
  });
  window.addEventListener('hashchange', route);
  window.addEventListener('beforeunload', function (e) { if (state.busy) { e.preventDefault(); } });
  route();
}());
