/*
 * HBAKit Web Console plugin: what every page shares. The pages fetch their JSON document from the plugin and draw
 * it with DOM calls (text is always set as text, never parsed as HTML). Actions are POSTs carrying the user's
 * token (data-token) in the X-HBAKit-Token header, after a confirmation dialog.
 */
(function () {
	'use strict';
	const host = document.getElementById('hbakit');
	const root = host.dataset.root;
	const token = host.dataset.token;
	const statusLine = document.getElementById('hbakit-status');

	const H = window.hbakit = { root: root, charts: {} };

	/* Absolute, from the origin: a page opened as http://user:password@host/… cannot fetch relative URLs. */
	const url = path => new URL(root + '/' + path, window.location.origin).href;

	/** Creates an element: el('td', {class: 'x'}, 'text', child…). */
	H.el = function (tag, attributes, ...children) {
		const e = document.createElement(tag);
		for (const [k, v] of Object.entries(attributes || {})) {
			if (k === 'class') {
				e.className = v;
			} else if (k.startsWith('on')) {
				e.addEventListener(k.substring(2), v);
			} else if (v !== undefined && v !== null) {
				e.setAttribute(k, v);
			}
		}
		for (const c of children) {
			e.append(c instanceof Node ? c : document.createTextNode(String(c)));
		}
		return e;
	};

	/** GETs a JSON document of the plugin. */
	H.getJson = async function (name) {
		const r = await fetch(url(name), { headers: { Accept: 'application/json' }, cache: 'no-store' });
		const body = await r.json();
		if (!r.ok) {
			throw new Error(body.error || ('HTTP ' + r.status));
		}
		return body;
	};

	/** POSTs an action; resolves to its answer {ok, message}. */
	H.action = async function (name, params) {
		const r = await fetch(url('actions/' + name), {
			method: 'POST',
			headers: { 'X-HBAKit-Token': token, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(params)
		});
		return r.json();
	};

	/** Asks for confirmation in the page's dialog; resolves to true if confirmed. */
	H.confirm = function (text) {
		const dialog = document.getElementById('hbakit-confirm');
		document.getElementById('hbakit-confirm-text').textContent = text;
		dialog.returnValue = '';
		return new Promise(resolve => {
			dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
			dialog.showModal();
		});
	};

	/** Confirms, performs the action, shows its answer; resolves to the answer, or null if cancelled. */
	H.confirmedAction = async function (question, name, params) {
		if (!await H.confirm(question)) {
			return null;
		}
		H.status(name + '…');
		try {
			const answer = await H.action(name, params);
			H.status(answer.message, !answer.ok);
			return answer;
		} catch (e) {
			H.status(name + ' failed: ' + e.message, true);
			return null;
		}
	};

	/** Shows a one-line message above the page's content. */
	H.status = function (message, error) {
		statusLine.textContent = message;
		statusLine.className = 'hbakit-status' + (error ? ' error' : ' ok');
	};

	/** Runs draw() now and every periodMs, showing failures on the status line. */
	H.poll = function (draw, periodMs) {
		let running = false;
		const tick = async () => {
			if (running) {
				return;
			}
			running = true;
			try {
				await draw();
			} catch (e) {
				H.status(e.message, true);
			} finally {
				running = false;
			}
		};
		tick();
		return setInterval(tick, periodMs);
	};

	/**
	 * A table whose rows are kept by key: update(rows) rewrites the text of existing rows in place (so buttons
	 * stay the same elements), adds new rows and removes rows that went away. A column is {title, value(row)}
	 * for text, optionally cls(row) and num, or {title, render(td, row)} for cells drawn once per row.
	 */
	H.keyedTable = function (id, columns, key) {
		const body = H.el('tbody');
		const table = H.el('table', { id: id, class: 'nicetable hbakit-table' },
			H.el('thead', {}, H.el('tr', {}, ...columns.map(c => H.el('th', { class: c.num ? 'num' : '' }, c.title)))),
			body);
		const rows = new Map();
		return {
			element: table,
			update: function (items) {
				const seen = new Set();
				items.forEach((item, index) => {
					const k = key(item);
					seen.add(k);
					let tr = rows.get(k);
					if (!tr) {
						tr = H.el('tr', { 'data-key': k });
						columns.forEach(c => {
							const td = H.el('td', { class: c.num ? 'num' : '' });
							if (c.render) {
								c.render(td, item);
							}
							tr.append(td);
						});
						rows.set(k, tr);
					}
					columns.forEach((c, i) => {
						if (c.value) {
							const td = tr.children[i];
							const text = String(c.value(item));
							if (td.textContent !== text) {
								td.textContent = text;
							}
							if (c.cls) {
								td.className = (c.num ? 'num ' : '') + c.cls(item);
							}
						}
					});
					if (body.children[index] !== tr) {
						body.insertBefore(tr, body.children[index] || null);
					}
				});
				for (const [k, tr] of rows) {
					if (!seen.has(k)) {
						tr.remove();
						rows.delete(k);
					}
				}
			}
		};
	};

	/** Puts elements into the page's content area, replacing what was there. */
	H.show = function (...elements) {
		document.getElementById('hbakit-content').replaceChildren(...elements);
	};

	H.int = n => Number(n).toLocaleString('en-US');
	H.ms = nanos => (nanos / 1e6).toFixed(nanos < 1e7 ? 2 : 1) + ' ms';
	H.us = nanos => nanos > 0 ? (nanos / 1e3).toFixed(1) + ' µs' : '—';
	H.bytes = function (n) {
		const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
		let i = 0;
		while (n >= 1024 && i < units.length - 1) {
			n /= 1024;
			i++;
		}
		return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
	};
	H.time = millis => new Date(millis).toLocaleTimeString('en-GB', { hour12: false });
	H.dash = s => (s === undefined || s === null || s === '') ? '—' : s;

	/** Consistent colours per HBA across the charts. */
	const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
	H.colour = index => palette[index % palette.length];
})();
