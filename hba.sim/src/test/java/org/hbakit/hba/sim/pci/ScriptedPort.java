package org.hbakit.hba.sim.pci;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.hbakit.controller.api.simhba.RequestFrame;

/** A target for the tests: a small byte store, plus per-request behaviour the test scripts. */
final class ScriptedPort implements ScsiPort {
	final byte[] store = new byte[1 << 16];
	volatile Consumer<HbaExchange> behaviour = x -> {
	};
	final AtomicInteger resets = new AtomicInteger();
	final List<long[]> tmfs = new CopyOnWriteArrayList<>();

	@Override
	public void execute(HbaExchange x) {
		int n = x.dataLength();
		if (x.direction() == RequestFrame.DIR_TO_TARGET) {
			x.data().get(x.dataIndex(), store, 0, n);
		} else if (x.direction() == RequestFrame.DIR_FROM_TARGET) {
			x.data().put(x.dataIndex(), store, 0, n);
		}
		x.transferred(n);
		x.status(0);
		behaviour.accept(x);
	}

	@Override
	public void busReset() {
		resets.incrementAndGet();
	}

	@Override
	public boolean taskManagement(int function, long lun) {
		tmfs.add(new long[] { function, lun });
		return true;
	}
}
