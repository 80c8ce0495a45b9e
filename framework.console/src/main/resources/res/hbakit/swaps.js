/* Swaps: every controller replacement with its phases, and a timeline of the pauses clients saw. */
(function () {
	'use strict';
	const H = window.hbakit;
	const key = s => s.location + '@' + s.endedAtMillis + '/' + s.to;

	const table = H.keyedTable('hbakit-swaps', [
		{ title: 'Ended', value: s => H.time(s.endedAtMillis) },
		{ title: 'HBA', value: s => s.hbaName },
		{ title: 'Reason', value: s => s.reason },
		{ title: 'From', value: s => s.from },
		{ title: 'To', value: s => s.to },
		{ title: 'OK', value: s => s.succeeded ? 'yes' : 'no', cls: s => s.succeeded ? '' : 'warn' },
		{ title: 'Held', value: s => s.held, num: true },
		{ title: 'Drained', value: s => s.drained, num: true },
		{ title: 'Re-issued', value: s => s.requeued, num: true },
		{ title: 'Pause', value: s => H.ms(s.pauseNanos), num: true },
		{ title: 'Drain', value: s => H.ms(s.drainNanos), num: true },
		{ title: 'Stop', value: s => H.ms(s.stopNanos), num: true },
		{ title: 'Start', value: s => H.ms(s.startNanos), num: true },
		{ title: 'Scan', value: s => H.ms(s.scanNanos), num: true }
	], key);

	const chartBox = H.el('div', { id: 'hbakit-timeline', class: 'hbakit-chart' });
	const summary = H.el('p', { id: 'hbakit-swaps-summary' });
	H.show(H.el('h2', {}, 'Swap timeline'), H.el('p', { class: 'hint' }, 'Each point is one swap: when it '
		+ 'ended and how long clients\' requests were held (gate closed to gate open).'), chartBox,
		H.el('h2', {}, 'Swap history'), summary, table.element);

	let chart = null;
	let drawnKey = '';

	/** uPlot wants one x array shared by all series: each swap is an x, its HBA's series has its pause there. */
	function timeline(swaps, hbas) {
		const x = swaps.map(s => s.endedAtMillis / 1000);
		const series = hbas.map(h => swaps.map(s => s.hbaName === h ? s.pauseNanos / 1e6 : null));
		return [x, ...series];
	}

	function draw(swaps) {
		const hbas = [...new Set(swaps.map(s => s.hbaName))].sort();
		const signature = hbas.join(',');
		const data = timeline(swaps, hbas);
		if (!chart || drawnKey !== signature) {
			if (chart) {
				chart.destroy();
			}
			chart = new uPlot({
				width: Math.max(600, chartBox.clientWidth || 900), height: 260,
				scales: {
					// from a minute before the first swap to now: a lone swap is not spread over years
					x: { time: true, range: (u, min, max) => [min - 60, Math.max(max, Date.now() / 1000) + 30] },
					y: { range: (u, min, max) => [0, Math.max(1, max * 1.2)] }
				},
				axes: [{}, { label: 'pause (ms)' }],
				series: [{ label: 'ended' }].concat(hbas.map((h, i) => ({
					label: h, stroke: H.colour(i), fill: H.colour(i), paths: () => null,
					points: { show: true, size: 9, fill: H.colour(i) }, value: (u, v) => v === null ? '—' : v.toFixed(2) + ' ms'
				})))
			}, data, chartBox);
			drawnKey = signature;
			H.charts.timeline = chart;
		} else {
			chart.setData(data);
		}
	}

	H.poll(async () => {
		const doc = await H.getJson('swaps.json');
		const swaps = doc.swaps.slice().sort((a, b) => a.endedAtMillis - b.endedAtMillis);
		draw(swaps);
		table.update(swaps.slice().reverse());
		summary.textContent = swaps.length + ' swaps' + (swaps.length ? ', longest pause '
			+ H.ms(Math.max(...swaps.map(s => s.pauseNanos))) : '');
	}, 2000);
})();
