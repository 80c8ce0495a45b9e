package org.hbakit.iscsi.target;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hbakit.controller.api.client.SCSILogicalUnit;

/**
 * The targets the front door exports, kept equal to the {@link SCSILogicalUnit} services (a whiteboard: units come
 * and go with the hardware, with hot-plug and when a device loses its controller; during a hot swap they stay).
 * Thread-safe: DS adds and removes units on its threads; connections look targets up on their event loops.
 */
public final class TargetCatalog {
	private final Map<String, ExportedTarget> targets = new ConcurrentHashMap<>();

	/** Adds a unit (from its service properties: {@code hba.name}, {@code scsi.target}, {@code scsi.lun}). */
	public void add(SCSILogicalUnit unit, Map<String, ?> properties) {
		Key k = key(properties);
		if (k == null) {
			return;
		}
		ExportedTarget t = targets.computeIfAbsent(IqnNames.target(k.hba, k.target),
				n -> new ExportedTarget(k.hba, k.target));
		t.put(k.lun, unit);
	}

	/** Removes a unit; a target left without units stays known (its sessions see its LUNs gone). */
	public void remove(SCSILogicalUnit unit, Map<String, ?> properties) {
		Key k = key(properties);
		if (k == null) {
			return;
		}
		ExportedTarget t = targets.get(IqnNames.target(k.hba, k.target));
		if (t != null) {
			t.remove(k.lun, unit);
		}
	}

	/** The target named {@code name} with at least one unit, or null. */
	public ExportedTarget target(String name) {
		ExportedTarget t = targets.get(name);
		return t == null || t.isEmpty() ? null : t;
	}

	/** The targets with at least one unit, by name. */
	public List<ExportedTarget> targets() {
		List<ExportedTarget> l = new ArrayList<>();
		for (ExportedTarget t : targets.values()) {
			if (!t.isEmpty()) {
				l.add(t);
			}
		}
		l.sort(Comparator.comparing(ExportedTarget::name));
		return l;
	}

	private record Key(String hba, long target, int lun) {
	}

	private static Key key(Map<String, ?> p) {
		Object hba = p.get(SCSILogicalUnit.HBA_NAME);
		Object target = p.get(SCSILogicalUnit.TARGET_ID);
		Object lun = p.get(SCSILogicalUnit.LUN);
		if (!(hba instanceof String h) || !(target instanceof Number t) || !(lun instanceof Number l)) {
			return null;
		}
		long lunValue = l.longValue();
		if (lunValue < 0 || lunValue > org.hbakit.controller.api.scsi.LogicalUnitNumber.MAX_FLAT) {
			return null;
		}
		return new Key(h, t.longValue(), (int) lunValue);
	}
}
