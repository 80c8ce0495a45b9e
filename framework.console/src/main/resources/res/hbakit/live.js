/*
 * Live: IOPS and latency percentiles per HBA, one sample a second from live.json (the plugin samples the
 * registry itself, so every viewer sees the same series), and starting a read workload to watch them move.
 */
(function () {
	'use strict';
	const H = window.hbakit;
	const KEEP = 300;
	let lastSeq = 0;
	let hbas = [];
	let x = [];
	let iops = {}, p50 = {}, p99 = {};
	let iopsChart = null, latencyChart = null;

	const iopsBox = H.el('div', { id: 'hbakit-live-iops', class: 'hbakit-chart' });
	const latencyBox = H.el('div', { id: 'hbakit-live-latency', class: 'hbakit-chart' });
	const latencyHint = H.el('p', { id: 'hbakit-live-latency-hint', class: 'hint' });
	const now = H.keyedTable('hbakit-live-now', [
		{ title: 'HBA', value: f => f.name },
		{ title: 'IOPS', value: f => H.int(Math.round(f.iops)), num: true },
		{ title: 'MB/s', value: f => (f.bytesPerSecond / 1e6).toFixed(1), num: true },
		{ title: 'Failed/s', value: f => f.failedPerSecond.toFixed(1), num: true },
		{ title: 'In flight', value: f => f.inFlight, num: true },
		{ title: 'Held', value: f => f.held, num: true },
		{ title: 'Completed', value: f => H.int(f.completed), num: true },
		{ title: 'p50', value: f => H.us(f.p50Nanos), num: true },
		{ title: 'p99', value: f => H.us(f.p99Nanos), num: true },
		{ title: 'p99.9', value: f => H.us(f.p999Nanos), num: true },
		{ title: 'max', value: f => H.us(f.maxNanos), num: true }
	], f => f.name);

	// the workload form
	const rw = H.el('select', { id: 'hbakit-workload-rw' }, H.el('option', {}, 'randread'), H.el('option', {}, 'read'));
	const bs = H.el('select', { id: 'hbakit-workload-bs' },
		...['512', '4k', '8k', '16k', '64k', '128k'].map(v => H.el('option', v === '4k' ? { selected: '' } : {}, v)));
	const qd = H.el('input', { id: 'hbakit-workload-qd', type: 'number', min: 1, max: 256, value: 16 });
	const seconds = H.el('input', { id: 'hbakit-workload-seconds', type: 'number', min: 1, max: 600, value: 30 });
	const luns = H.el('input', { id: 'hbakit-workload-luns', type: 'text', size: 24, placeholder: 'every unit with data' });
	const workloadState = H.el('pre', { id: 'hbakit-workload-state', class: 'hbakit-output' });
	const start = H.el('button', {
		id: 'hbakit-workload-start', type: 'button', class: 'ui-button',
		onclick: async () => {
			const params = { rw: rw.value, bs: bs.value, qd: qd.value, seconds: seconds.value, luns: luns.value };
			if (await H.confirmedAction('Start a ' + seconds.value + ' s ' + rw.value + ' workload (' + bs.value
				+ ', queue depth ' + qd.value + ')?', 'workload', params)) {
				readWorkload();
			}
		}
	}, 'Start workload');
	const form = H.el('fieldset', { class: 'hbakit-form' }, H.el('legend', {}, 'Read workload (hba:bench)'),
		H.el('label', {}, 'Pattern ', rw), ' ', H.el('label', {}, 'Block ', bs), ' ',
		H.el('label', {}, 'Queue depth ', qd), ' ', H.el('label', {}, 'Seconds ', seconds), ' ',
		H.el('label', {}, 'Units ', luns), ' ', start, workloadState);

	H.show(H.el('h2', {}, 'IOPS per HBA'), iopsBox, H.el('h2', {}, 'Latency per HBA (p50 dashed, p99 solid)'),
		latencyHint, latencyBox, H.el('h2', {}, 'Now'), now.element, form);

	function width() {
		return Math.max(600, document.getElementById('hbakit-content').clientWidth - 40);
	}

	function build() {
		const time = { x: { time: true } };
		iopsChart && iopsChart.destroy();
		latencyChart && latencyChart.destroy();
		iopsChart = new uPlot({
			width: width(), height: 240, scales: Object.assign({ y: { range: (u, min, max) => [0, Math.max(10, max * 1.1)] } }, time),
			axes: [{}, { label: 'IOPS', size: 70 }],
			series: [{ label: 'time' }].concat(hbas.map((h, i) => ({ label: h, stroke: H.colour(i), width: 2 })))
		}, data(iops), iopsBox);
		latencyChart = new uPlot({
			width: width(), height: 240, scales: time,
			axes: [{}, { label: 'µs', size: 70 }],
			series: [{ label: 'time' }].concat(...hbas.map((h, i) => [
				{ label: h + ' p50', stroke: H.colour(i), dash: [6, 4] },
				{ label: h + ' p99', stroke: H.colour(i), width: 2 }]))
		}, latencyData(), latencyBox);
		H.charts.iops = iopsChart;
		H.charts.latency = latencyChart;
	}

	function data(perHba) {
		return [x].concat(hbas.map(h => perHba[h]));
	}

	function latencyData() {
		return [x].concat(...hbas.map(h => [p50[h], p99[h]]));
	}

	function add(sample) {
		x.push(sample.timeMillis / 1000);
		const byName = new Map(sample.hbas.map(f => [f.name, f]));
		for (const h of hbas) {
			const f = byName.get(h);
			iops[h].push(f ? f.iops : null);
			// 0 means "not measured (yet)": a gap, not a point at zero
			p50[h].push(f && f.p50Nanos > 0 ? f.p50Nanos / 1e3 : null);
			p99[h].push(f && f.p99Nanos > 0 ? f.p99Nanos / 1e3 : null);
		}
	}

	function trim() {
		const extra = x.length - KEEP;
		if (extra > 0) {
			x.splice(0, extra);
			for (const h of hbas) {
				iops[h].splice(0, extra);
				p50[h].splice(0, extra);
				p99[h].splice(0, extra);
			}
		}
	}

	async function readWorkload() {
		const w = (await H.getJson('workload.json')).workload;
		start.disabled = w.running;
		workloadState.textContent = !w.command ? 'No workload started from the console yet.'
			: w.running ? 'Running since ' + H.time(w.startedAtMillis) + ': ' + w.command
				: (w.succeeded ? 'Ended ' : 'Failed ') + H.time(w.endedAtMillis) + ': ' + w.command + '\n' + w.output;
	}

	H.poll(async () => {
		const doc = await H.getJson('live.json?since=' + lastSeq);
		if (!doc.samples.length) {
			return;
		}
		const names = [...new Set(doc.samples.flatMap(s => s.hbas.map(f => f.name)))].sort();
		if (names.some(n => !hbas.includes(n))) {
			// a new HBA: start the series afresh with every HBA
			hbas = [...new Set(hbas.concat(names))].sort();
			x = [];
			iops = {}; p50 = {}; p99 = {};
			hbas.forEach(h => { iops[h] = []; p50[h] = []; p99[h] = []; });
			doc.samples.forEach(add);
			build();
		} else {
			doc.samples.forEach(add);
			trim();
			iopsChart.setData(data(iops));
			latencyChart.setData(latencyData());
		}
		const last = doc.samples[doc.samples.length - 1];
		lastSeq = last.seq;
		now.update(last.hbas);
		latencyHint.textContent = last.hbas.some(f => f.p99Nanos > 0) ? ''
			: 'No latency measured in the last interval (no I/O, or the bridge does not measure it yet).';
	}, 1000);
	H.poll(readWorkload, 2000);
})();
