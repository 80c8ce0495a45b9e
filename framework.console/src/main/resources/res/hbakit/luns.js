/* Logical units: every published unit with its identity and faults, and setting or clearing fault injection. */
(function () {
	'use strict';
	const H = window.hbakit;
	const faultsOf = new Map(); // address -> "key=value, …" as last read

	const describe = faults => Object.keys(faults).length
		? Object.entries(faults).map(([k, v]) => k + '=' + v).join(', ') : '—';

	const table = H.keyedTable('hbakit-luns', [
		{ title: 'Unit', value: u => u.name },
		{ title: 'HBA', value: u => u.hba },
		{ title: 'Target', value: u => u.target, num: true },
		{ title: 'LUN', value: u => u.lun, num: true },
		{ title: 'Vendor', value: u => u.vendor },
		{ title: 'Product', value: u => u.product },
		{ title: 'Revision', value: u => u.revision },
		{ title: 'Type', value: u => u.deviceType, num: true },
		{ title: 'Blocks', value: u => H.int(u.blockCount), num: true },
		{ title: 'Block', value: u => u.blockSize, num: true },
		{ title: 'Capacity', value: u => H.bytes(u.capacity), num: true },
		{ title: 'Null', value: u => u.nullUnit ? 'yes' : 'no' },
		{ title: 'Faults', value: u => faultsOf.get(u.name) || '…' }
	], u => u.name);

	const address = H.el('select', { id: 'hbakit-fault-address' });
	const settings = H.el('input', {
		id: 'hbakit-fault-settings', type: 'text', size: 60,
		placeholder: 'delay_ns=200000 every_nth=100 drop=true'
	});
	const current = H.el('p', { id: 'hbakit-fault-current' });
	const summary = H.el('p', { id: 'hbakit-luns-summary' });

	async function readFaults(addr) {
		const doc = await H.getJson('faults.json?address=' + encodeURIComponent(addr));
		faultsOf.set(addr, describe(doc.faults));
		return doc.faults;
	}

	async function showSelected() {
		const faults = await readFaults(address.value);
		current.textContent = address.value + ': ' + describe(faults);
	}

	async function change(params, question) {
		if (await H.confirmedAction(question, 'faults', params)) {
			await showSelected();
			await refresh(true);
		}
	}

	const form = H.el('fieldset', { class: 'hbakit-form' }, H.el('legend', {}, 'Fault injection'),
		H.el('label', {}, 'Address ', address), ' ',
		H.el('label', {}, 'Settings ', settings), ' ',
		H.el('button', { id: 'hbakit-fault-show', type: 'button', class: 'ui-button', onclick: showSelected }, 'Show'),
		H.el('button', {
			id: 'hbakit-fault-set', type: 'button', class: 'ui-button',
			onclick: () => change({ address: address.value, settings: settings.value },
				'Replace the faults of ' + address.value + ' with: ' + settings.value + '?')
		}, 'Set faults'),
		H.el('button', {
			id: 'hbakit-fault-clear', type: 'button', class: 'ui-button',
			onclick: () => change({ address: address.value, clear: 'true' },
				'Clear every fault of ' + address.value + '?')
		}, 'Clear faults'),
		current,
		H.el('p', { class: 'hint' }, 'Keys and values are the simulated machine\'s (hba:faults): settings '
			+ 'replace the faults of an HBA, target (hba:target) or unit; the most specific level decides.'));

	H.show(H.el('h2', {}, 'Logical units'), summary, table.element, form);

	let units = [];
	async function refresh(readAllFaults) {
		const doc = await H.getJson('luns.json');
		units = doc.luns;
		const hbas = [...new Set(units.map(u => u.hba))];
		const options = hbas.concat(units.map(u => u.name));
		if (address.options.length !== options.length) {
			const selected = address.value;
			address.replaceChildren(...options.map(o => H.el('option', { value: o }, o)));
			if (options.includes(selected)) {
				address.value = selected;
			}
			readAllFaults = true;
		}
		if (readAllFaults) {
			await Promise.all(units.map(u => readFaults(u.name).catch(() => faultsOf.set(u.name, '?'))));
		}
		table.update(units);
		summary.textContent = units.length + ' logical units on ' + hbas.length + ' HBAs';
	}
	H.poll(() => refresh(false), 5000);
})();
