/* Personalities and matching: every accepted personality, and every personality against every device. */
(function () {
	'use strict';
	const H = window.hbakit;

	const personalities = H.keyedTable('hbakit-personalities', [
		{ title: 'Bundle', value: p => p.bundleSymbolicName },
		{ title: 'Version', value: p => p.bundleVersion },
		{ title: 'Personality', value: p => p.name },
		{ title: 'IOUserClass', value: p => p.ioUserClass },
		{ title: 'IOProviderClass', value: p => p.providerClass },
		{ title: 'IOProbeScore', value: p => p.probeScore, num: true },
		{ title: 'IOMatchCategory', value: p => p.matchCategory },
		{ title: 'Keys', value: p => Object.keys(p.properties || {}).sort().join(', ') }
	], p => p.bundleId + '/' + p.name);

	const matches = H.keyedTable('hbakit-matches', [
		{ title: 'HBA', value: m => m.hba },
		{ title: 'Location', value: m => m.location },
		{ title: 'Bundle', value: m => m.bundleSymbolicName },
		{ title: 'Personality', value: m => m.personality },
		{ title: 'Category', value: m => m.matchCategory },
		{ title: 'Passive', value: m => m.passive ? 'yes' : 'no' },
		{ title: 'Score', value: m => m.passive ? m.score : '—', num: true },
		{ title: 'Outcome', value: m => m.outcome, cls: m => 'outcome outcome-' + m.outcome },
		{ title: 'Reason', value: m => H.dash(m.reason) }
	], m => m.location + '/' + m.bundleSymbolicName + '/' + m.personality);

	const unmatched = H.el('ul', { id: 'hbakit-unmatched' });
	H.show(H.el('h2', {}, 'Personalities'), personalities.element,
		H.el('h2', {}, 'Matching'), H.el('p', { class: 'hint' }, 'Every personality against every device as '
			+ 'matching sees them now: passive match, probe score and what became of it, with the reason.'),
		matches.element, H.el('h3', {}, 'Devices without a driver'), unmatched);

	H.poll(async () => {
		const [p, m] = await Promise.all([H.getJson('personalities.json'), H.getJson('matches.json')]);
		personalities.update(p.personalities);
		const names = new Map(m.devices.map(d => [d.location, d.name]));
		matches.update(m.matches.map(x => Object.assign({ hba: names.get(x.location) || '?' }, x)));
		const without = m.devices.filter(d => !d.driver);
		unmatched.replaceChildren(...(without.length ? without.map(d => H.el('li', {},
			d.name + ' (' + d.location + ', ' + d.state + '): ' + H.dash(d.reason)))
			: [H.el('li', {}, 'none: every device has a driver')]));
	}, 5000);
})();
