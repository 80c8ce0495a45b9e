package org.hbakit.bridge.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hbakit.controller.api.IOReturn;
import org.hbakit.controller.api.SCSIParallelFeature;
import org.hbakit.controller.api.SCSIUserParallelResponse;
import org.hbakit.controller.api.registry.ViolationKind;

/**
 * SPI transfer-feature negotiation per I_T nexus of one binding, as IOSCSIParallelFamily does it
 * ({@code IOSCSIParallelInterfaceDevice}): when a target's standard INQUIRY data arrives, each feature the device
 * reports (SYNC and WBUS16 in byte 7 from SCSI-2 on; IUS, QAS and DT clocking in byte 56 from SPC on) is put to the
 * controller with {@code UserDoesHBASupportSCSIParallelFeature}; the features both support are the nexus's. Every
 * task to that target then asks for the nexus features not yet negotiated ({@code kSCSIParallelFeature_AttemptNegotiation}
 * in {@code fSCSIParallelFeatureRequest[]}, their number in {@code fSCSIParallelFeatureRequestCount}); a completion
 * whose {@code fSCSIParallelFeatureResult[]} says {@code NegotitiationSuccess} for a requested feature records it as
 * negotiated, so later tasks stop asking (other results leave it to be asked again, as in the family). A new
 * binding (a swap) negotiates afresh.
 * <p>
 * Threads: {@link #requestMask} on every dispatch (one volatile read while nothing is pending, and never a lock or an
 * allocation); {@link #record} on completing threads, taking the lock only when a negotiation succeeded; the rest on
 * the supervisor.
 */
final class ParallelFeatures {
	/** INQUIRY byte 7 (SPI): synchronous transfers, 16-bit wide bus. */
	private static final int SYNC = 0x10;
	private static final int WBUS16 = 0x20;
	/** INQUIRY byte 56 (SPI-3): information units, quick arbitration, and the CLOCKING field. */
	private static final int IUS = 0x01;
	private static final int QAS = 0x02;
	private static final int CLOCKING = 0x0C;
	private static final int CLOCKING_ONLY_DT = 0x04;
	private static final int CLOCKING_ST_AND_DT = 0x0C;
	private static final int ANSI_SCSI_2 = 2;
	private static final int ANSI_SPC = 3;

	/** One target's features: what the device reports, what the HBA supports of it, what is negotiated. */
	record Nexus(long target, int device, int supported, int negotiated) {
	}

	private volatile Nexus[] nexus = new Nexus[0];
	/** Whether any nexus has a feature still to negotiate: false lets dispatch skip the lookup. */
	private volatile boolean pending;

	/**
	 * The features a device reports in its standard INQUIRY data ({@code length} valid bytes), as a bit mask by
	 * {@link SCSIParallelFeature} value.
	 */
	static int deviceFeatures(ByteBuffer inquiry, int length) {
		if (length < 5) {
			return 0;
		}
		int version = inquiry.get(2) & 0x07;
		int valid = Math.min(length, (inquiry.get(4) & 0xFF) + 5);
		int features = 0;
		if (version >= ANSI_SCSI_2 && valid > 7) {
			int b7 = inquiry.get(7) & 0xFF;
			features |= (b7 & SYNC) != 0 ? bit(SCSIParallelFeature.SYNCHRONOUS_DATA_TRANSFER) : 0;
			features |= (b7 & WBUS16) != 0 ? bit(SCSIParallelFeature.WIDE_DATA_TRANSFER) : 0;
		}
		if (version >= ANSI_SPC && valid > 56) {
			int b56 = inquiry.get(56) & 0xFF;
			features |= (b56 & IUS) != 0 ? bit(SCSIParallelFeature.INFORMATION_UNIT_TRANSFERS) : 0;
			features |= (b56 & QAS) != 0 ? bit(SCSIParallelFeature.QUICK_ARBITRATION_AND_SELECTION) : 0;
			int clocking = b56 & CLOCKING;
			features |= clocking == CLOCKING_ONLY_DT || clocking == CLOCKING_ST_AND_DT
					? bit(SCSIParallelFeature.DOUBLE_TRANSITION_DATA_TRANSFERS)
					: 0;
		}
		return features;
	}

	static int bit(int feature) {
		return 1 << feature;
	}

	/** A target's standard INQUIRY data, {@code length} valid bytes, as the scan received it. */
	record Inquiry(long target, ByteBuffer data, int length) {
	}

	/**
	 * The family's {@code DetermineParallelFeatures} for the targets of {@code inquiries}, once per binding and
	 * target (the first inquiry of a target counts): the features their standard INQUIRY data reports are put to the
	 * controller with {@code UserDoesHBASupportSCSIParallelFeature} on its queue, in one call for all of them
	 * (bounded by {@code timeoutMs}; a controller that does not answer supports none), and tasks to each target
	 * negotiate those both support. Runs on the supervisor during a scan.
	 */
	void determine(ControllerBinding binding, List<Inquiry> inquiries, long timeoutMs) throws InterruptedException {
		if (binding.stopped) {
			return;
		}
		Map<Long, Integer> devices = new LinkedHashMap<>();
		int union = 0;
		for (Inquiry q : inquiries) {
			if (!determined(q.target()) && !devices.containsKey(q.target())) {
				int device = deviceFeatures(q.data(), q.length());
				devices.put(q.target(), device);
				union |= device;
			}
		}
		int supported = 0;
		if (union != 0) {
			int asked = union;
			ControllerCall<Integer> call = binding.queue.call("UserDoesHBASupportSCSIParallelFeature",
					() -> supportedFeatures(binding, asked), timeoutMs);
			supported = call.returned() ? call.value() : 0;
		}
		for (Map.Entry<Long, Integer> d : devices.entrySet()) {
			determine(d.getKey(), d.getValue(), supported);
		}
	}

	/** On the controller's queue: which of the features in {@code device} the HBA supports (each asked once). */
	private static int supportedFeatures(ControllerBinding binding, int device) {
		int supported = 0;
		boolean[] result = new boolean[1];
		for (int f = 0; f < SCSIParallelFeature.TOTAL_FEATURE_COUNT; f++) {
			if ((device & bit(f)) == 0) {
				continue;
			}
			result[0] = false;
			int rc;
			try {
				rc = binding.controller.userDoesHBASupportSCSIParallelFeature(f, result);
			} catch (Throwable e) {
				binding.violation(ViolationKind.THREW, "threw from UserDoesHBASupportSCSIParallelFeature(" + f + ")", null, e);
				rc = IOReturn.kIOReturnError;
			}
			if (rc == IOReturn.kIOReturnSuccess && result[0]) {
				supported |= bit(f);
			}
		}
		return supported;
	}

	/** Whether the target's features were determined in this binding. */
	boolean determined(long target) {
		return find(nexus, target) != null;
	}

	/** The target's features: {@code device} as INQUIRY reports them, {@code supported} those the HBA supports too. */
	synchronized void determine(long target, int device, int supported) {
		put(new Nexus(target, device, supported & device, 0));
	}

	/** The target's features, or null if not determined. */
	Nexus of(long target) {
		return find(nexus, target);
	}

	/** The target was destroyed: a new one with its id negotiates afresh. */
	synchronized void forget(long target) {
		Nexus[] a = nexus;
		Nexus n = find(a, target);
		if (n != null) {
			nexus = Arrays.stream(a).filter(x -> x != n).toArray(Nexus[]::new);
			refresh();
		}
	}

	/** The features a task to {@code target} asks to negotiate now. */
	int requestMask(long target) {
		if (!pending) {
			return 0;
		}
		Nexus n = find(nexus, target);
		return n == null ? 0 : n.supported & ~n.negotiated;
	}

	/** A completion of a task that asked for {@code requested}: records the features it negotiated. */
	void record(long target, int requested, SCSIUserParallelResponse response) {
		int succeeded = 0;
		for (int f = 0; f < SCSIParallelFeature.TOTAL_FEATURE_COUNT; f++) {
			if ((requested & bit(f)) != 0
					&& response.featureResult(f) == SCSIParallelFeature.RESULT_NEGOTIATION_SUCCESS) {
				succeeded |= bit(f);
			}
		}
		if (succeeded != 0) {
			negotiated(target, succeeded);
		}
	}

	private synchronized void negotiated(long target, int features) {
		Nexus n = find(nexus, target);
		if (n != null && (n.negotiated | features) != n.negotiated) {
			put(new Nexus(target, n.device, n.supported, n.negotiated | features));
		}
	}

	/** Replaces or adds {@code n} (under the lock): a new sorted array, so readers never see a half-made one. */
	private void put(Nexus n) {
		Nexus[] a = nexus;
		int i = index(a, n.target);
		Nexus[] b;
		if (i >= 0) {
			b = a.clone();
			b[i] = n;
		} else {
			int at = -i - 1;
			b = new Nexus[a.length + 1];
			System.arraycopy(a, 0, b, 0, at);
			b[at] = n;
			System.arraycopy(a, at, b, at + 1, a.length - at);
		}
		nexus = b;
		refresh();
	}

	private void refresh() {
		boolean p = false;
		for (Nexus n : nexus) {
			p |= (n.supported & ~n.negotiated) != 0;
		}
		pending = p;
	}

	private static Nexus find(Nexus[] a, long target) {
		int i = index(a, target);
		return i >= 0 ? a[i] : null;
	}

	private static int index(Nexus[] a, long target) {
		int lo = 0;
		int hi = a.length - 1;
		while (lo <= hi) {
			int mid = (lo + hi) >>> 1;
			long t = a[mid].target;
			if (t < target) {
				lo = mid + 1;
			} else if (t > target) {
				hi = mid - 1;
			} else {
				return mid;
			}
		}
		return -lo - 1;
	}
}
