package org.hbakit.iscsi.target;

import java.util.Arrays;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hbakit.controller.api.client.SCSILogicalUnit;

/**
 * One iSCSI target: the logical units of one SCSI target of one HBA, by the LUN numbers the HBA gives them. The
 * LUN table is an immutable array behind a volatile field (copy on write), so a command's lookup is one load and
 * an index; the whiteboard changes it from DS threads.
 */
public final class ExportedTarget {
	private final String name;
	private final String hba;
	private final long targetId;
	private volatile ExportedUnit[] units = new ExportedUnit[0];
	private final CopyOnWriteArrayList<Runnable> inventoryListeners = new CopyOnWriteArrayList<>();

	ExportedTarget(String hba, long targetId) {
		this.hba = hba;
		this.targetId = targetId;
		this.name = IqnNames.target(hba, targetId);
	}

	/** The iSCSI name. */
	public String name() {
		return name;
	}

	public String hba() {
		return hba;
	}

	public long targetId() {
		return targetId;
	}

	/** The unit at {@code lun} (as {@code LogicalUnitNumber.decode} gives it), or null. */
	public ExportedUnit unit(int lun) {
		ExportedUnit[] u = units;
		return lun >= 0 && lun < u.length ? u[lun] : null;
	}

	/** Any unit of the target (the lowest LUN), or null when it has none. */
	public ExportedUnit anyUnit() {
		for (ExportedUnit u : units) {
			if (u != null) {
				return u;
			}
		}
		return null;
	}

	/** Whether the target has no unit left. */
	public boolean isEmpty() {
		return anyUnit() == null;
	}

	/** The LUNs in ascending order. */
	public int[] luns() {
		ExportedUnit[] u = units;
		int[] l = new int[u.length];
		int n = 0;
		for (int i = 0; i < u.length; i++) {
			if (u[i] != null) {
				l[n++] = i;
			}
		}
		return Arrays.copyOf(l, n);
	}

	/** Registers a listener told (on the caller's thread) after the LUN inventory changed. */
	public void addInventoryListener(Runnable listener) {
		inventoryListeners.add(listener);
	}

	public void removeInventoryListener(Runnable listener) {
		inventoryListeners.remove(listener);
	}

	synchronized void put(int lun, SCSILogicalUnit unit) {
		ExportedUnit[] u = units;
		if (lun >= u.length) {
			u = Arrays.copyOf(u, lun + 1);
		} else {
			u = u.clone();
		}
		ExportedUnit old = u[lun];
		u[lun] = old != null && old.unit() == unit ? old : new ExportedUnit(this, lun, unit);
		units = u;
		fire();
	}

	synchronized boolean remove(int lun, SCSILogicalUnit unit) {
		ExportedUnit[] u = units;
		if (lun >= u.length || u[lun] == null || u[lun].unit() != unit) {
			return false;
		}
		u = u.clone();
		u[lun] = null;
		int length = u.length;
		while (length > 0 && u[length - 1] == null) {
			length--;
		}
		units = Arrays.copyOf(u, length);
		fire();
		return true;
	}

	private void fire() {
		for (Runnable r : inventoryListeners) {
			r.run();
		}
	}

	@Override
	public String toString() {
		return name + " " + Arrays.toString(luns());
	}
}
