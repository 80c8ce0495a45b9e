package org.hbakit.hba.sim.pci;

import static org.hbakit.controller.api.simhba.HBARegisters.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.hbakit.controller.api.pci.IODMACommand;
import org.hbakit.controller.api.pci.IOInterruptHandler;
import org.hbakit.controller.api.pci.IOPCIDevice;
import org.hbakit.controller.api.pci.PCIConfigSpace;

/**
 * One simulated PCI SCSI HBA: the {@link IOPCIDevice} a controller drives, with the config space and BAR0
 * register interface of {@code docs/simulated-hba.md}. The machine creates it, {@link #attach attaches} the
 * targets, {@link #start() starts} its device thread and publishes it as a service; on removal it unpublishes it
 * and {@link #stop() stops} it.
 * <p>
 * Register and config accesses may come from any thread. Register decoding needs the command register's memory
 * space bit (reads return all ones without it, writes are ignored); the device processes its queues only while
 * bus mastering is enabled.
 */
public final class SimulatedPciHba implements IOPCIDevice {
	/** IOVM table entries (DMA commands) per HBA. */
	public static final int DEFAULT_IOVM_ENTRIES = 1 << 16;

	private final String hbaName;
	private final String location;
	private final PciIdentity identity;
	private final int maxQueueEntries;
	private final int targetCount;
	private final int initiatorId;
	private final IovmTable iovm;
	private final InterruptController interrupts;
	private final HbaEngine engine;
	private final Map<String, Object> properties;
	private final AtomicReference<Object> owner = new AtomicReference<>();
	private volatile int command;
	private final int bar0Address;

	/**
	 * @param hbaName short name ({@code hba0})
	 * @param location unique PCI location ({@code pci0000:00:04.0})
	 * @param identity config space ids
	 * @param maxQueueEntries largest SQ/CQ (2..65536)
	 * @param interruptVectors vectors (1..32)
	 * @param targetCount number of target ids (1..65536)
	 * @param initiatorId the HBA's own id (below targetCount, or any value outside it)
	 * @param iovmEntries IOVM table size
	 * @param log where interrupt handler and device failures are reported (never per request)
	 */
	public SimulatedPciHba(String hbaName, String location, PciIdentity identity, int maxQueueEntries,
			int interruptVectors, int targetCount, int initiatorId, int iovmEntries, System.Logger log) {
		if (maxQueueEntries < 2 || maxQueueEntries > 65536) {
			throw new IllegalArgumentException("max queue entries must be 2..65536: " + maxQueueEntries);
		}
		if (interruptVectors < 1 || interruptVectors > 32) {
			throw new IllegalArgumentException("interrupt vectors must be 1..32: " + interruptVectors);
		}
		if (targetCount < 1 || targetCount > 65536) {
			throw new IllegalArgumentException("target count must be 1..65536: " + targetCount);
		}
		this.hbaName = hbaName;
		this.location = location;
		this.identity = identity;
		this.maxQueueEntries = maxQueueEntries;
		this.targetCount = targetCount;
		this.initiatorId = initiatorId;
		this.iovm = new IovmTable(iovmEntries);
		this.interrupts = new InterruptController(interruptVectors, log);
		this.engine = new HbaEngine(hbaName, maxQueueEntries, targetCount, initiatorId, iovm, interrupts,
				() -> (command & PCIConfigSpace.COMMAND_BUS_MASTER) != 0, log);
		this.bar0Address = 0xFE00_0000 | (location.hashCode() & 0xFF) << 16;
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("IOName", name());
		p.put("compatible", List.of(name(), String.format("pciclass,%06x", identity.classCode())));
		p.put("vendor-id", identity.vendorId());
		p.put("device-id", identity.deviceId());
		p.put("subsystem-vendor-id", identity.subsystemVendorId());
		p.put("subsystem-id", identity.subsystemId());
		p.put("class-code", identity.classCode());
		p.put("revision-id", identity.revisionId());
		p.put("IOPCILocation", location);
		p.put(HBA_NAME, hbaName);
		this.properties = Map.copyOf(p);
	}

	/** Starts the device thread. */
	public void start() {
		engine.start();
	}

	/** Resets the device, dropping what it holds, and ends its thread. */
	public void stop() {
		engine.stop();
	}

	/** Plugs {@code port} in at {@code target} (hot-plug); replaces any port there. */
	public void attach(int target, ScsiPort port) {
		engine.attach(target, port);
	}

	/** Unplugs the port at {@code target}; requests to it then fail with DEVICE NOT PRESENT. */
	public void detach(int target) {
		engine.detach(target);
	}

	/** The port at {@code target}, or null. */
	public ScsiPort port(int target) {
		return engine.port(target);
	}

	/** The device's counters since it was made; any thread. */
	public HbaStatistics statistics() {
		return engine.statistics();
	}

	/** The short name ({@code hba0}). */
	public String hbaName() {
		return hbaName;
	}

	/** The config space identity. */
	public PciIdentity identity() {
		return identity;
	}

	/** Number of target ids. */
	public int targetCount() {
		return targetCount;
	}

	/** The HBA's own SCSI id. */
	public int initiatorId() {
		return initiatorId;
	}

	/** Largest queue the driver may program. */
	public int maxQueueEntries() {
		return maxQueueEntries;
	}

	/** The OSGi service properties to publish this device with ({@code PCI_*} and {@code HBA_NAME}). */
	public Map<String, Object> serviceProperties() {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put(PCI_LOCATION, location);
		p.put(PCI_VENDOR_ID, identity.vendorId());
		p.put(PCI_DEVICE_ID, identity.deviceId());
		p.put(PCI_SUBSYSTEM_VENDOR_ID, identity.subsystemVendorId());
		p.put(PCI_SUBSYSTEM_ID, identity.subsystemId());
		p.put(PCI_CLASS_CODE, identity.classCode());
		p.put(PCI_REVISION_ID, identity.revisionId());
		p.put(HBA_NAME, hbaName);
		return p;
	}

	// ---- IOPCIDevice ------------------------------------------------------------------------------------------

	@Override
	public String name() {
		return String.format("pci%x,%x", identity.vendorId(), identity.deviceId());
	}

	@Override
	public Map<String, Object> properties() {
		return properties;
	}

	@Override
	public String location() {
		return location;
	}

	@Override
	public int configRead32(int offset) {
		checkConfig(offset, 4);
		return switch (offset) {
			case PCIConfigSpace.VENDOR_DEVICE_ID -> identity.deviceId() << 16 | identity.vendorId();
			case PCIConfigSpace.COMMAND -> command & 0xFFFF; // status register reads 0
			case PCIConfigSpace.CLASS_CODE_REVISION -> identity.classCode() << 8 | identity.revisionId();
			case 0x0C -> 0; // cache line, latency, header type 0, BIST
			case PCIConfigSpace.BAR0 -> bar0Address; // 32-bit non-prefetchable memory BAR
			case PCIConfigSpace.SUBSYSTEM_VENDOR_DEVICE_ID -> identity.subsystemId() << 16
					| identity.subsystemVendorId();
			case PCIConfigSpace.INTERRUPT_LINE -> 1 << 8 | 11; // pin INTA#, line 11
			default -> 0;
		};
	}

	@Override
	public int configRead16(int offset) {
		checkConfig(offset, 2);
		return configRead32(offset & ~3) >>> ((offset & 2) * 8) & 0xFFFF;
	}

	@Override
	public int configRead8(int offset) {
		checkConfig(offset, 1);
		return configRead32(offset & ~3) >>> ((offset & 3) * 8) & 0xFF;
	}

	@Override
	public void configWrite16(int offset, int value) {
		checkConfig(offset, 2);
		if (offset == PCIConfigSpace.COMMAND) {
			// memory space, bus master, INTx disable are writable; the rest is hard-wired to 0
			command = value & (PCIConfigSpace.COMMAND_MEMORY_SPACE | PCIConfigSpace.COMMAND_BUS_MASTER | 1 << 10);
			engine.kick();
		}
	}

	private static void checkConfig(int offset, int width) {
		if (offset < 0 || offset + width > 256 || (offset & (width - 1)) != 0) {
			throw new IllegalArgumentException("bad config space access of " + width + " bytes at 0x"
					+ Integer.toHexString(offset));
		}
	}

	@Override
	public int memoryBarCount() {
		return 1;
	}

	@Override
	public long memoryBarSize(int bar) {
		checkBar(bar);
		return BAR0_SIZE;
	}

	private static void checkBar(int bar) {
		if (bar != 0) {
			throw new IllegalArgumentException("no memory BAR " + bar);
		}
	}

	private boolean decodes(int bar, long offset, int width) {
		checkBar(bar);
		if (offset < 0 || offset + width > BAR0_SIZE || (offset & (width - 1)) != 0) {
			throw new IllegalArgumentException("bad BAR0 access of " + width + " bytes at 0x" + Long.toHexString(offset));
		}
		return (command & PCIConfigSpace.COMMAND_MEMORY_SPACE) != 0;
	}

	@Override
	public int memoryRead32(int bar, long offset) {
		if (!decodes(bar, offset, 4)) {
			return -1;
		}
		return switch ((int) offset) {
			case VS -> VERSION;
			case CAP -> (maxQueueEntries - 1) | interrupts.vectors() << 16;
			case TARGETS -> targetCount;
			case INITIATOR_ID -> initiatorId;
			case CC -> engine.readCc();
			case CSTS -> engine.csts();
			case QSIZE -> engine.qsize;
			case SQ_BASE -> (int) engine.sqBase;
			case SQ_BASE + 4 -> (int) (engine.sqBase >>> 32);
			case CQ_BASE -> (int) engine.cqBase;
			case CQ_BASE + 4 -> (int) (engine.cqBase >>> 32);
			case INTMS, INTMC -> interrupts.mask();
			case INTCOAL -> engine.intcoal();
			case TMF_STATUS -> engine.tmfStatus();
			default -> 0;
		};
	}

	@Override
	public long memoryRead64(int bar, long offset) {
		if (!decodes(bar, offset, 8)) {
			return -1L;
		}
		return switch ((int) offset) {
			case SQ_BASE -> engine.sqBase;
			case CQ_BASE -> engine.cqBase;
			default -> (memoryRead32(bar, offset) & 0xFFFF_FFFFL) | (long) memoryRead32(bar, offset + 4) << 32;
		};
	}

	@Override
	public void memoryWrite32(int bar, long offset, int value) {
		if (!decodes(bar, offset, 4)) {
			return;
		}
		switch ((int) offset) {
			case SQ_TAIL -> engine.ringSqTail(value);
			case CQ_HEAD -> engine.ringCqHead(value);
			case CC -> engine.writeCc(value);
			case QSIZE -> {
				if (engine.queueConfigWritable()) {
					engine.qsize = value;
				}
			}
			case SQ_BASE, SQ_BASE + 4, CQ_BASE, CQ_BASE + 4 -> {
				if (engine.queueConfigWritable()) {
					writeBaseHalf((int) offset, value);
				}
			}
			case INTMS -> {
				interrupts.maskSet(value);
			}
			case INTMC -> {
				interrupts.maskClear(value);
				engine.kick();
			}
			case INTCOAL -> engine.writeIntcoal(value);
			case ABORT -> engine.abort(value);
			case TMF -> engine.taskManagement(value & 0xFFFF_FFFFL);
			default -> {
				// read-only or reserved: ignored, as hardware does
			}
		}
	}

	private synchronized void writeBaseHalf(int offset, int value) {
		boolean sq = offset < CQ_BASE;
		long old = sq ? engine.sqBase : engine.cqBase;
		long v = (offset & 4) == 0 ? (old & 0xFFFF_FFFF_0000_0000L) | (value & 0xFFFF_FFFFL)
				: (old & 0xFFFF_FFFFL) | (long) value << 32;
		if (sq) {
			engine.sqBase = v;
		} else {
			engine.cqBase = v;
		}
	}

	@Override
	public void memoryWrite64(int bar, long offset, long value) {
		if (!decodes(bar, offset, 8)) {
			return;
		}
		switch ((int) offset) {
			case SQ_BASE -> {
				if (engine.queueConfigWritable()) {
					engine.sqBase = value;
				}
			}
			case CQ_BASE -> {
				if (engine.queueConfigWritable()) {
					engine.cqBase = value;
				}
			}
			case TMF -> engine.taskManagement(value);
			default -> {
				memoryWrite32(bar, offset, (int) value);
				memoryWrite32(bar, offset + 4, (int) (value >>> 32));
			}
		}
	}

	@Override
	public int interruptVectorCount() {
		return interrupts.vectors();
	}

	@Override
	public void registerInterruptHandler(int vector, IOInterruptHandler handler) {
		interrupts.register(vector, handler);
		engine.kick();
	}

	@Override
	public void unregisterInterruptHandler(int vector) {
		interrupts.unregister(vector, engine.thread());
	}

	@Override
	public void enableInterrupt(int vector) {
		interrupts.enable(vector);
		engine.kick();
	}

	@Override
	public void disableInterrupt(int vector) {
		interrupts.disable(vector);
	}

	@Override
	public IODMACommand createDMACommand() {
		return iovm.create();
	}

	@Override
	public boolean open(Object client) {
		if (client == null) {
			throw new IllegalArgumentException("null client");
		}
		Object o = owner.compareAndExchange(null, client);
		return o == null || o == client;
	}

	@Override
	public void close(Object client) {
		owner.compareAndSet(client, null);
	}

	/** The client holding the device, or null. */
	public Object owner() {
		return owner.get();
	}

	@Override
	public String toString() {
		return hbaName + "@" + location;
	}
}
