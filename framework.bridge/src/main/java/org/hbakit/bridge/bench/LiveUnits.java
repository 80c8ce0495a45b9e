package org.hbakit.bridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.hbakit.controller.api.client.SCSILogicalUnit;

/**
 * The logical units as they are published now, by unit name: a unit withdrawn while a run goes on (its HBA lost its
 * controller past the grace) leaves its slot empty, so the run stops using it, and a unit published again under the
 * same name fills it, so the run takes it up again. Updated by the command's service callbacks (any thread), read
 * by the workers once per submission (one volatile read).
 */
public final class LiveUnits {
	/** One unit name's current service, or null while it is withdrawn. */
	static final class Slot {
		final String name;
		volatile SCSILogicalUnit unit;
		final AtomicInteger withdrawals = new AtomicInteger();

		Slot(String name) {
			this.name = name;
		}
	}

	private final Map<String, Slot> slots = new ConcurrentHashMap<>();

	/** The unit {@code name} is published (again) as {@code unit}. */
	public void published(String name, SCSILogicalUnit unit) {
		slot(name).unit = unit;
	}

	/** The unit {@code name}'s service {@code unit} went away. */
	public void withdrawn(String name, SCSILogicalUnit unit) {
		Slot s = slots.get(name);
		if (s != null && s.unit == unit) {
			s.unit = null;
			s.withdrawals.incrementAndGet();
		}
	}

	Slot slot(String name) {
		return slots.computeIfAbsent(name, Slot::new);
	}

	/** How many times each of {@code names} was withdrawn so far, to compare with {@link #lostSince}. */
	int[] withdrawals(List<String> names) {
		int[] out = new int[names.size()];
		for (int i = 0; i < out.length; i++) {
			out[i] = slot(names.get(i)).withdrawals.get();
		}
		return out;
	}

	/** The names of {@code names} withdrawn since {@code before} was taken. */
	List<String> lostSince(List<String> names, int[] before) {
		List<String> out = new ArrayList<>();
		for (int i = 0; i < before.length; i++) {
			if (slot(names.get(i)).withdrawals.get() != before[i]) {
				out.add(names.get(i));
			}
		}
		return out;
	}

	/** Those of {@code names} published now. */
	List<String> present(List<String> names) {
		return names.stream().filter(n -> slot(n).unit != null).toList();
	}
}
