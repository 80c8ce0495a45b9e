/* Devices page: every PCI device, its state and driver, its figures, and the swap and power actions. */
(function () {
	'use strict';
	const H = window.hbakit;
	let refresh = () => {};

	function actions(td, d) {
		const button = (id, label, question, name, params) => H.el('button', {
			id: id + '-' + d.name, class: 'ui-button', type: 'button',
			onclick: async () => {
				if (await H.confirmedAction(question, name, params)) {
					refresh();
				}
			}
		}, label);
		td.append(
			button('swap', 'Swap controller', 'Swap the controller of ' + d.name + ' (' + d.location + ')? '
				+ 'Its requests are held, in-flight tasks drained and re-issued on the new instance.',
				'swap', { device: d.location }),
			button('pause', 'Pause', 'Pause ' + d.name + '? New requests are held and in-flight ones drained '
				+ 'until it is powered on.', 'power', { device: d.location, state: 'pause' }),
			button('on', 'Power on', 'Power ' + d.name + ' on? Held requests are released.',
				'power', { device: d.location, state: 'on' }));
	}

	const table = H.keyedTable('hbakit-devices', [
		{ title: 'HBA', value: d => d.name },
		{ title: 'Location', value: d => d.location },
		{ title: 'State', value: d => d.state, cls: d => 'state state-' + d.state.toLowerCase() },
		{ title: 'Driver', value: d => H.dash(d.driver) },
		{ title: 'Version', value: d => H.dash(d.driverVersion) },
		{ title: 'Path', value: d => H.dash(d.path) },
		{ title: 'In flight', value: d => d.inFlight, num: true },
		{ title: 'Held', value: d => d.held, num: true },
		{ title: 'Completed', value: d => H.int(d.completed), num: true },
		{ title: 'Violations', value: d => d.violations, num: true, cls: d => d.violations ? 'warn' : '' },
		{ title: 'Timeouts', value: d => d.timeouts, num: true, cls: d => d.timeouts ? 'warn' : '' },
		{ title: 'Units', value: d => d.logicalUnits, num: true },
		{ title: 'Reason', value: d => H.dash(d.reason) },
		{ title: 'Actions', render: actions }
	], d => d.location);

	const summary = H.el('p', { id: 'hbakit-devices-summary' });
	H.show(H.el('h2', {}, 'Devices'), summary, table.element,
		H.el('p', { class: 'hint' }, 'Completed counts client requests since the device appeared (they survive '
			+ 'swaps); violations and timeouts are those of the current controller instance.'));

	refresh = async () => {
		const doc = await H.getJson('devices.json');
		table.update(doc.devices);
		const bound = doc.devices.filter(d => d.state === 'BOUND').length;
		summary.textContent = doc.devices.length + ' devices, ' + bound + ' bound';
	};
	H.poll(refresh, 2000);
})();
